"""The dates ahead for "My work": an order's end and a hearing within two weeks, on the
user's cases, as the read policy lets them read each record, in constant queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from asap.cases import services as cases
from asap.justice.models import Proceeding, ProtectionOrder
from asap.justice.queries import upcoming_dates
from tests.justice.conftest import record

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 1)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def found(user) -> list[tuple[str, datetime.date]]:
    return [(item.what, item.date) for item in upcoming_dates(user, TODAY, days=14)]


def test_ends_and_hearings_within_the_window_soonest_first(team):
    record(team, "pp", ProtectionOrder, "joint", valid_until=days(14))
    record(team, "pp", ProtectionOrder, "joint", valid_until=days(15))  # too far ahead
    record(team, "pp", ProtectionOrder, "joint", valid_until=days(-1))  # ended
    record(team, "pp", ProtectionOrder, "joint", valid_until=None)  # no end
    record(team, "pp", Proceeding, "joint", next_hearing=TODAY)
    record(team, "pp", Proceeding, "joint", next_hearing=days(3), status="concluded")
    assert found(team.pp) == [("hearing", TODAY), ("order_ends", days(14))]
    item = upcoming_dates(team.pp, TODAY)[0]
    assert (item.case_id, item.case_code) == (team.case.pk, team.case.code)
    assert item.url.startswith(f"/cases/{team.case.pk}/justice/proceedings/")


def test_each_reader_gets_the_dates_of_what_they_may_read(team):
    record(team, "vss", ProtectionOrder, "protected", valid_until=days(2))
    record(team, "vss", Proceeding, "joint", next_hearing=days(4))  # her consent: programme
    shared = record(team, "vss", ProtectionOrder, "victim", valid_until=days(6))
    assert found(team.vss) == [
        ("order_ends", days(2)),
        ("hearing", days(4)),
        ("order_ends", days(6)),
    ]
    assert found(team.partner_contact) == found(team.vss)
    assert found(team.pp) == [("hearing", days(4))]
    assert found(team.police) == []  # her consent does not cover other agencies
    assert found(team.coordinator) == []  # not a member: no dates
    cases.share_entry(
        actor=team.vss,
        access=team.access("vss"),
        entry=shared.entry,
        with_side="perpetrator",
        purpose="So the programme knows when the order ends",
    )
    assert found(team.pp) == [("hearing", days(4)), ("order_ends", days(6))]


def test_the_dates_cost_the_same_queries_for_one_case_and_three(team):
    record(team, "pp", ProtectionOrder, "joint", valid_until=days(3))
    with CaptureQueriesContext(connection) as one:
        assert len(upcoming_dates(team.vss, TODAY)) == 1
    for _ in range(2):
        case = cases.open_case(
            actor=team.vss,
            organisation=team.vss.active_memberships[0].organisation,
            perpetrator_name="Another (test)",
        )
        team.case = case
        record(team, "vss", ProtectionOrder, "protected", valid_until=days(5))
        record(team, "vss", Proceeding, "victim", next_hearing=days(6))
    with CaptureQueriesContext(connection) as three:
        assert len(upcoming_dates(team.vss, TODAY)) == 5  # his order, and four of hers
    assert len(one) == len(three)


def test_my_work_lists_the_hearing_and_links_to_it(team, signed_in_client):
    from django.utils import timezone

    proceeding = record(team, "pp", Proceeding, "joint", next_hearing=timezone.localdate())
    page = signed_in_client(team.vss).get("/work/").content.decode()
    assert f"/cases/{team.case.pk}/justice/proceedings/{proceeding.pk}/" in page
    assert "A court hearing" in page
