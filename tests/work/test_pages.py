"""The My work page, its forms, the header's unread count, and its query count."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client

from asap.accounts.enums import Role
from asap.cases import services
from asap.cases.enums import Compartment, EntryKind
from asap.cases.policy import PLATFORM
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from asap.plans import services as plans
from asap.work.models import Dismissal
from asap.work.queries import items_for, unread_count
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, agreement_between, persona
from tests.work.conftest import open_joint_case, today

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def add_action(team, responsible, case=None, days=3):
    who = "vss"
    return plans.add_action(
        actor=team.vss,
        access=team.access(who, case),
        need="PAGE-NEED-CANARY",
        action="PAGE-ACTION-CANARY",
        term=today() + datetime.timedelta(days=days),
        responsible="Centre",
        responsible_user=responsible,
        compartment=Compartment.JOINT,
    )


def test_the_page_lists_code_due_date_and_link_and_no_content(team):
    item = add_action(team, team.pp)
    body = client_of(team.pp).get("/work/").content.decode()
    assert team.case.code in body
    assert f"/cases/{team.case.pk}/plan/{item.pk}/" in body
    assert "CANARY" not in body
    assert "Anna" not in body
    assert "Marco" not in body


def test_a_dismissal_needs_a_reason_and_keeps_the_input(team):
    item = add_action(team, team.pp)
    client = client_of(team.pp)
    response = client.post("/work/dismiss/", {"key": f"action:{item.pk}", "reason": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    response = client.post(
        "/work/dismiss/", {"key": f"action:{item.pk}", "reason": "PAGE-REASON-CANARY"}
    )
    assert response.status_code == 302
    body = client.get("/work/").content.decode()
    assert f"/cases/{team.case.pk}/plan/{item.pk}/" not in body
    with named_scope("test"):
        dismissal = Dismissal.objects.get(user=team.pp)
    assert dismissal.reason == "PAGE-REASON-CANARY"
    # Encrypted at rest: the column holds a sealed token, never the reason.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM work_dismissal WHERE id = %s", [dismissal.pk])
        assert "PAGE-REASON-CANARY" not in cursor.fetchone()[0]
    event = AuditEvent.objects.filter(action="work.dismiss").get()
    assert event.case_id == team.case.pk


def test_an_item_of_someone_else_cannot_be_dismissed_or_marked_done(team):
    item = add_action(team, team.pp)
    client = client_of(team.partner)
    response = client.post("/work/dismiss/", {"key": f"action:{item.pk}", "reason": "Not mine"})
    assert response.status_code == 404
    response = client.post("/work/done/", {"key": f"action:{item.pk}"})
    assert response.status_code == 404
    assert [i.key for i in items_for(team.pp)] == [f"action:{item.pk}"]


def plant_programme_alert(team):
    with named_scope("test"):
        return services.record_timeline(
            case=team.case,
            kind=EntryKind.PROGRAMME_ALERT,
            compartment=Compartment.VICTIM,
            actor=team.pp,
            organisation_id=team.pp_org.pk,
            title="PAGE-ALERT-TITLE-CANARY",
            recorded_side=PLATFORM,
        )


def test_mark_done_closes_the_alert_for_the_side_and_is_audited(team):
    entry = plant_programme_alert(team)
    client = client_of(team.partner)
    body = client.get("/work/").content.decode()
    assert "Mark done" in body
    assert "PAGE-ALERT-TITLE-CANARY" not in body
    response = client.post("/work/done/", {"key": f"alert:{entry.pk}"})
    assert response.status_code == 302
    assert "Mark done" not in client.get("/work/").content.decode()
    assert [i.key for i in items_for(team.vss)] == []
    assert AuditEvent.objects.filter(action="work.done", case_id=team.case.pk).count() == 1
    # An action is not a team task: "done" is refused for it.
    item = add_action(team, team.partner)
    assert client.post("/work/done/", {"key": f"action:{item.pk}"}).status_code == 404


def test_the_header_counts_what_came_after_the_last_visit(team):
    client = client_of(team.pp)
    add_action(team, team.pp)
    cache.clear()
    assert unread_count(team.pp) == 1
    body = client.get("/").content.decode()
    assert 'id="work-unread">1<' in body
    client.get("/work/")  # opening My work reads everything on it
    assert unread_count(team.pp) == 0
    assert 'id="work-unread"' not in client.get("/").content.decode()
    add_action(team, team.pp, days=5)
    cache.clear()  # the count may lag by up to a minute: the test does not wait
    assert unread_count(team.pp) == 1
    client.get("/work/")  # the second visit moves the moment on (the row exists: an update)
    cache.clear()
    assert unread_count(team.pp) == 0


def test_the_header_count_costs_one_cache_read_once_known(team, django_assert_max_num_queries):
    add_action(team, team.pp)
    unread_count(team.pp)
    with django_assert_max_num_queries(1):
        assert unread_count(team.pp) == 1


def test_a_second_visit_writes_nothing_to_the_cache_while_the_count_is_known_none(team):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_of(team.pp)
    add_action(team, team.pp)
    client.get("/work/")  # the count is known: none unread
    with CaptureQueriesContext(connection) as second:
        assert client.get("/work/").status_code == 200
    cache_writes = [
        q["sql"]
        for q in second.captured_queries
        if '"asap_cache"' in q["sql"] and not q["sql"].lstrip().startswith("SELECT")
    ]
    assert cache_writes == []
    assert unread_count(team.pp) == 0


def test_the_home_page_links_to_my_work(team):
    body = client_of(team.vss).get("/").content.decode()
    assert 'href="/work/"' in body


def many_cases(team, count: int) -> None:
    """`count` cases, each with an action for the programme's worker and a risk alert."""
    for _ in range(count):
        case = open_joint_case((team.vss_org, team.pp_org), team.vss, team.pp)
        add_action(team, team.pp, case=case)
        services.set_risk_level(
            actor=team.vss, access=team.access("vss", case), risk_level="high", alert=True
        )


def page_queries(client, django_assert_max_num_queries, budget: int) -> None:
    with django_assert_max_num_queries(budget):
        response = client.get("/work/")
    assert response.status_code == 200


def test_the_page_costs_the_same_queries_for_2_and_40_items(team, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_of(team.pp)
    many_cases(team, 1)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get("/work/")
    assert len(items_for(team.pp)) == 2
    many_cases(team, 19)
    assert len(items_for(team.pp)) == 40
    cache.clear()
    page_queries(client, django_assert_max_num_queries, len(few.captured_queries))


def test_a_worker_of_an_unrelated_agency_sees_nothing(team):
    add_action(team, team.pp)
    plant_programme_alert(team)
    outsider = persona(Role.CASE_WORKER, OrganisationFactory())
    agreement_between(team.vss_org, OrganisationFactory())
    assert items_for(outsider) == []
    assert "Nothing waits for you." in client_of(outsider).get("/work/").content.decode()


def test_a_page_never_computes_the_count_the_header_asks_for_it(team):
    """Not in the cache: the page carries a slot that asks /work/count/ once it is loaded, and
    costs the same as with the count known; the fragment then computes and keeps it."""
    client = client_of(team.pp)
    add_action(team, team.pp)
    cache.clear()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as unknown:
        body = client.get("/").content.decode()
    assert 'hx-get="/work/count/"' in body
    assert 'id="work-unread"' not in body
    fragment = client.get("/work/count/").content.decode()
    assert 'id="work-unread">1<' in fragment
    with CaptureQueriesContext(connection) as known:
        body = client.get("/").content.decode()
    assert 'id="work-unread">1<' in body
    assert 'hx-get="/work/count/"' not in body
    assert len(unknown) == len(known)


def test_the_list_shows_25_items_a_page_soonest_first_and_counts_them_all(team):
    many_cases(team, 15)
    items = items_for(team.pp)
    assert len(items) == 30
    client = client_of(team.pp)
    first = client.get("/work/").content.decode()
    second = client.get("/work/?page=2").content.decode()
    on_first = [item.key for item in items if f'data-key="{item.key}"' in first]
    on_second = [item.key for item in items if f'data-key="{item.key}"' in second]
    assert on_first == [item.key for item in items[:25]]
    assert on_second == [item.key for item in items[25:]]
    for number, body in enumerate((first, second), start=1):
        assert "30 items" in body
        assert f"Page {number} of 2" in body
    assert 'href="?page=2"' in first


def test_a_failed_dismissal_is_shown_again_on_the_page_of_its_item(team):
    many_cases(team, 15)
    last = items_for(team.pp)[-1]
    client = client_of(team.pp)
    response = client.post("/work/dismiss/", {"key": last.key, "reason": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert f'data-key="{last.key}"' in body
    assert "This field is required." in body
    assert "of 2" in body
    assert f'data-key="{items_for(team.pp)[0].key}"' not in body
