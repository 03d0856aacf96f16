"""The case page reads in a fixed number of queries on each side, whatever the case holds:
persons, actions, meetings, episodes, remote and programme sessions, and timeline entries
of both sides (issue 19, point 1). The count is the page's whole request: the session, the
door, the audit row of the read and the header's unread count included. The session's own
writes (its idle timeout moved forward, the two-factor check remembered) happen at most once
a minute, on the page before: a measured page follows another within the minute."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from asap.cases import access, services
from asap.cases.enums import Compartment, PersonRole
from asap.episodes import services as episodes
from asap.meetings import services as meetings
from asap.plans import services as plans
from asap.programme import services as programme
from asap.programme.enums import Attendance

pytestmark = pytest.mark.django_db

# The whole request (in a test's transaction: no BEGIN or COMMIT, and the audit row's block
# takes no savepoint of its own). Seven of them are the same on every signed-in page of a
# case that reads content: the session, the user, the memberships, the case with the reader's
# membership (one), the read's audit row (three: head, row, head) and the unread badge.
QUERIES = {"perpetrator": 30, "victim": 30}


def add_rows(case, vss_worker, pp_worker, *, start: int, count: int) -> None:
    """`count` more of every kind of row the case page shows, recorded by both sides."""
    for who in (vss_worker, pp_worker):
        case_access = access.case_for(who, case.pk)
        for n in range(start, start + count):
            services.add_note(
                actor=who,
                access=case_access,
                title=f"Note {n} by {who.pk}",
                body="A note",
                compartment=Compartment.JOINT,
            )
            services.add_note(
                actor=who,
                access=case_access,
                title=f"Own note {n} by {who.pk}",
                body="An own note",
                compartment=case_access.side,
            )
            plans.add_action(
                actor=who,
                access=case_access,
                need=f"Need {n}",
                action=f"Action {n}",
                term=datetime.date(2026, 4, 1),  # overdue: the page lists it
                responsible="Both",
            )
            episodes.record_episode(
                actor=who,
                access=case_access,
                date_from=datetime.date(2026, 2, 1 + n),
                forms_of_violence=["physical"],
                severity="high",
                children_present="no",
            )
    vss_access = access.case_for(vss_worker, case.pk)
    pp_access = access.case_for(pp_worker, case.pk)
    start_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
    for n in range(start, start + count):
        services.add_person(actor=vss_worker, access=vss_access, role=PersonRole.CHILD)
        meetings.schedule_meeting(
            actor=vss_worker,
            access=vss_access,
            type_key="periodic_review",
            title=f"Review {n}",
            starts_at=start_at + datetime.timedelta(days=n),
            ends_at=start_at + datetime.timedelta(days=n, hours=1),
            mode="in_person",
            venue="Meeting room",
        )
        programme.record_session(
            actor=pp_worker,
            access=pp_access,
            date=datetime.date(2026, 3, 1 + n),
            kind="group",
            attendance=Attendance.PRESENT if n % 2 else Attendance.ABSENT_WITHOUT_NOTICE,
        )


def page_queries(client, case, django_assert_num_queries, expected: int) -> int:
    url = reverse("cases:detail", args=[case.pk])
    assert client.get(url).status_code == 200  # the session's writes, if any, are here
    with django_assert_num_queries(expected) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("side", ["perpetrator", "victim"])
def test_the_case_page_reads_in_a_fixed_number_of_queries_on_each_side(
    joint_case, vss_worker, pp_worker, signed_in_client, django_assert_num_queries, side
):
    reader = vss_worker if side == "victim" else pp_worker
    client = signed_in_client(reader)
    add_rows(joint_case, vss_worker, pp_worker, start=0, count=2)
    small = page_queries(client, joint_case, django_assert_num_queries, QUERIES[side])
    add_rows(joint_case, vss_worker, pp_worker, start=2, count=5)
    large = page_queries(client, joint_case, django_assert_num_queries, QUERIES[side])
    assert large == small
    # The rows are on the page the second time (the count held with more to show).
    content = client.get(reverse("cases:detail", args=[joint_case.pk])).content.decode()
    assert ("Need 6" in content, "Review" in content) == (True, True)


def record_consents(case, vss_worker, pp_worker) -> None:
    """Her consent withdrawn, her consent in force and his waiver, each with a note."""
    vss_access = access.case_for(vss_worker, case.pk)
    first = services.record_consent(
        actor=vss_worker,
        access=vss_access,
        scopes=["perpetrator_programme"],
        given_on=datetime.date(2026, 1, 10),
        note="Her first note",
    )
    services.withdraw_consent(
        actor=vss_worker, access=vss_access, consent=first, withdrawn_on=datetime.date(2026, 2, 1)
    )
    services.record_consent(
        actor=vss_worker,
        access=access.case_for(vss_worker, case.pk),
        scopes=["perpetrator_programme", "other_agencies"],
        given_on=datetime.date(2026, 3, 1),
        note="Her second note",
    )
    services.record_waiver(
        actor=pp_worker,
        access=access.case_for(pp_worker, case.pk),
        given_on=datetime.date(2026, 3, 2),
        note="HIS-WAIVER-NOTE-CANARY",
    )


def test_the_consents_list_is_the_policys_read_and_costs_no_query_of_its_own(
    joint_case, vss_worker, pp_worker, coordinator, signed_in_client, django_assert_num_queries
):
    """The case page's consents come from the reader's own read of the consents (one query
    for both), filtered by the consents' policy: each side's list is what `consents_for`
    reads, a non-member's is empty, and his waiver's note never reaches the victim side."""
    record_consents(joint_case, vss_worker, pp_worker)
    add_rows(joint_case, vss_worker, pp_worker, start=0, count=2)
    fields = ("pk", "given_by", "scopes", "given_on", "withdrawn_on", "note")

    def rows(consents):
        return [tuple(getattr(c, f) for f in fields) for c in consents]

    for worker in (vss_worker, pp_worker):
        kept = access.consents_kept(access.case_for(worker, joint_case.pk))
        assert rows(kept) == rows(access.consents_for(access.case_for(worker, joint_case.pk)))
        assert len(kept) == (2 if worker == vss_worker else 1)
    assert (
        access.consents_kept(access.case_for(coordinator, joint_case.pk, action=access.METADATA))
        == []
    )
    victim_side = access.case_for(vss_worker, joint_case.pk)
    access.consents_kept(victim_side)
    theirs = [c for c in victim_side.consents_read[2] if c.given_by == "perpetrator"]
    assert [c.note for c in theirs] == [""]  # on record for the policy, its note not read
    client = signed_in_client(vss_worker)
    page_queries(client, joint_case, django_assert_num_queries, QUERIES["victim"])
    content = client.get(reverse("cases:detail", args=[joint_case.pk])).content.decode()
    assert "Her first note" in content
    assert "Her second note" in content
    assert "HIS-WAIVER-NOTE-CANARY" not in content


@pytest.mark.parametrize("side", ["perpetrator", "victim"])
def test_the_case_page_reads_no_case_content_while_its_template_renders(
    joint_case, vss_worker, pp_worker, signed_in_client, content_read_while_rendering, side
):
    """Every section is read by the view (`asap.cases.sections`), none by a template tag: no
    SQL that names a case-content table runs while the page's template renders."""
    add_rows(joint_case, vss_worker, pp_worker, start=0, count=2)
    client = signed_in_client(vss_worker if side == "victim" else pp_worker)
    url = reverse("cases:detail", args=[joint_case.pk])
    response, read, while_rendering = content_read_while_rendering(client, url)
    assert response.status_code == 200
    assert "Need 1" in response.content.decode()  # the plans' section is on the page
    assert {"plans_actionitem", "meetings_meeting"} <= read  # read, by the view
    assert while_rendering == set()
