"""The plans' screens: the action plan, adding and changing a row (409 on a concurrent
edit), the plans kept after meetings, the PDF, the IT safety plan, and the case page."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asap.core.scopes import named_scope
from asap.instruments import services as instruments
from asap.plans import services
from asap.plans.models import ActionItem, SafetyPlan
from tests.plans.conftest import pdf_text

pytestmark = pytest.mark.django_db
D = datetime.date


def add(couple, n: int = 0, who=None, **values):
    who = who or couple.vss
    fields = {
        "need": f"Need number {n}",
        "action": f"Action number {n}",
        "term": D(2026, 3, 1) + datetime.timedelta(days=n),
        "responsible": f"Agency {n}",
        "responsible_user": who,
        **values,
    }
    return services.add_action(actor=who, access=couple.access(who), **fields)


def url(name, couple, *args):
    return reverse(f"plans:{name}", args=[couple.case.pk, *args])


def queries_of(client, address: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_plan_shows_the_four_columns_status_and_who_changed_it(couple, signed_in_client):
    add(couple, 1, term=D(2020, 1, 1))
    page = signed_in_client(couple.pp).get(url("list", couple)).content.decode()
    for column in ["Protection/support needs", "Actions", "Term", "Person/agency responsible"]:
        assert f'<th scope="col">{column}</th>' in page
    assert "Need number 1" in page
    assert "Agency 1" in page
    assert couple.vss.get_full_name() in page
    assert "table-danger" in page
    assert "overdue" in page


def test_the_plan_list_runs_the_same_queries_with_one_and_three_rows(couple, signed_in_client):
    client = signed_in_client(couple.pp)
    add(couple, 0)
    one, body_one = queries_of(client, url("list", couple))
    add(couple, 1, who=couple.pp)
    add(couple, 2, who=couple.police)
    three, body_three = queries_of(client, url("list", couple))
    assert body_one.count("Need number") == 1
    assert body_three.count("Need number") == 3
    assert one == three


def test_the_snapshots_run_the_same_queries_with_one_and_three(couple, signed_in_client):
    client = signed_in_client(couple.vss)
    add(couple, 0)
    vss_access = couple.access(couple.vss)
    services.snapshot_plan(actor=couple.vss, access=vss_access, meeting_id=1)
    one, body_one = queries_of(client, url("snapshots", couple))
    services.snapshot_plan(actor=couple.pp, access=couple.access(couple.pp), meeting_id=2)
    services.snapshot_plan(actor=couple.vss, access=vss_access, meeting_id=3)
    three, body_three = queries_of(client, url("snapshots", couple))
    assert body_one.count("Plan as it stood on") == 1
    assert body_three.count("Plan as it stood on") == 3
    assert one == three


def test_one_snapshot_shows_the_plan_as_it_stood(couple, signed_in_client):
    item = add(couple, 1)
    snapshot = services.snapshot_plan(
        actor=couple.vss, access=couple.access(couple.vss), meeting_id=None
    )
    services.update_action(
        actor=couple.vss,
        access=couple.access(couple.vss),
        item=item,
        expected_version=1,
        need="Rewritten later",
    )
    page = signed_in_client(couple.police).get(url("snapshot", couple, snapshot.pk))
    assert "Need number 1" in page.content.decode()
    assert "Rewritten later" not in page.content.decode()


def test_adding_an_action(couple, signed_in_client):
    client = signed_in_client(couple.pp)
    response = client.post(
        url("add", couple),
        {
            "need": "Safe handovers",
            "action": "Contact centre",
            "term": "2026-04-01",
            "responsible": "Contact centre",
            "responsible_user": str(couple.pp.pk),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("list", couple)
    with named_scope("test"):
        item = ActionItem.objects.get()
    assert (item.need, item.compartment, item.responsible_user) == (
        "Safe handovers",
        "joint",
        couple.pp,
    )


def test_the_perpetrator_side_is_not_offered_a_victim_side_action(couple, signed_in_client):
    page = signed_in_client(couple.pp).get(url("add", couple)).content.decode()
    assert 'name="compartment"' not in page
    page = signed_in_client(couple.vss).get(url("add", couple)).content.decode()
    assert 'name="compartment"' in page


def test_a_victim_side_action_reminded_to_the_other_side_is_refused_next_to_the_field(
    couple, signed_in_client
):
    response = signed_in_client(couple.vss).post(
        url("add", couple),
        {
            "need": "Her own need",
            "action": "x",
            "term": "2026-04-01",
            "responsible": "VSS",
            "responsible_user": str(couple.pp.pk),
            "compartment": "victim",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_responsible_user_error"' in page
    assert "Her own need" in page
    with named_scope("test"):
        assert ActionItem.objects.count() == 0


def test_a_concurrent_edit_is_refused_with_the_input_kept(couple, signed_in_client):
    item = add(couple, 1)
    client = signed_in_client(couple.pp)
    services.update_action(
        actor=couple.vss,
        access=couple.access(couple.vss),
        item=item,
        expected_version=1,
        status="in_progress",
    )
    response = client.post(
        url("edit", couple, item.pk),
        {
            "need": "My rewording",
            "action": "x",
            "term": "2026-04-01",
            "responsible": "PP",
            "status": "done",
            "version": "1",
        },
    )
    assert response.status_code == 409
    assert "My rewording" in response.content.decode()
    with named_scope("test"):
        assert ActionItem.objects.get(pk=item.pk).status == "in_progress"


def test_dropping_without_a_reason_is_refused_next_to_the_field(couple, signed_in_client):
    item = add(couple, 1)
    data = {
        "need": "Need number 1",
        "action": "x",
        "term": "2026-04-01",
        "responsible": "PP",
        "status": "dropped",
        "version": "1",
    }
    client = signed_in_client(couple.vss)
    response = client.post(url("edit", couple, item.pk), data)
    assert response.status_code == 400
    assert 'id="id_dropped_reason_error"' in response.content.decode()
    response = client.post(url("edit", couple, item.pk), {**data, "dropped_reason": "Moved"})
    assert response.status_code == 302
    with named_scope("test"):
        assert ActionItem.objects.get(pk=item.pk).status == "dropped"


def test_the_pdf_opens_and_holds_the_rows(couple, signed_in_client):
    add(couple, 1, need="Handovers at the contact centre")
    response = signed_in_client(couple.pp).get(url("pdf", couple))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Handoversatthecontactcentre" in text
    assert couple.case.code in text


def test_the_case_page_lists_overdue_actions(couple, signed_in_client):
    add(couple, 1, need="Long overdue need", term=D(2020, 1, 1))
    add(couple, 2, need="Future need", term=D(2099, 1, 1))
    page = signed_in_client(couple.pp).get(f"/cases/{couple.case.pk}/").content.decode()
    assert "Long overdue need" in page
    assert "Future need" not in page
    assert url("list", couple) in page
    assert url("safety", couple) in page


def test_saving_the_safety_plan(couple, signed_in_client):
    client = signed_in_client(couple.vss)
    page = client.get(url("safety_edit", couple)).content.decode()
    assert "Creating new accounts, safe connections and profiles" in page
    response = client.post(
        url("safety_edit", couple),
        {"version": "0", "safe_channel": "Her sister's phone", "stalkerware_found": "not_found"},
    )
    assert response.status_code == 302
    with named_scope("test"):
        assert SafetyPlan.objects.get().safe_channel == "Her sister's phone"


def test_the_safety_plan_form_keeps_input_on_a_stalkerware_decision_without_reason(
    couple, signed_in_client
):
    response = signed_in_client(couple.vss).post(
        url("safety_edit", couple),
        {
            "version": "0",
            "safe_device": "A new phone",
            "stalkerware_found": "found",
            "stalkerware_decision": "remove",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_stalkerware_reason_error"' in page
    assert "A new phone" in page


def test_a_concurrent_edit_of_the_safety_plan_is_refused(couple, signed_in_client):
    services.save_safety_plan(
        actor=couple.pp, access=couple.access(couple.pp), expected_version=0, accountability="A"
    )
    response = signed_in_client(couple.vss).post(
        url("safety_edit", couple), {"version": "0", "safe_device": "Her input"}
    )
    assert response.status_code == 409
    assert "Her input" in response.content.decode()


def test_the_screening_feeds_the_safety_plan_as_prompts(couple, signed_in_client):
    vss_access = couple.access(couple.vss)
    screening = instruments.start_administration(
        actor=couple.vss, access=vss_access, key="digital-violence"
    )
    instruments.save_answers(
        actor=couple.vss,
        access=vss_access,
        administration=screening,
        expected_version=1,
        answers={"cs_passwords": "yes", "cs_spyware": "yes", "cs_threats": "no"},
    )
    page = signed_in_client(couple.vss).get(url("safety", couple)).content.decode()
    assert "stealing passwords" in page
    assert "geo-localization" in page or "spyware" in page.lower()
    assert "threats (of a sexual" not in page
    page = signed_in_client(couple.pp).get(url("safety", couple)).content.decode()
    assert "stealing passwords" not in page
    assert "From the digital-violence screening" not in page


def test_the_reminders_command_queues_once(db):
    from io import StringIO

    from django_tasks_db.models import DBTaskResult

    out = StringIO()
    call_command("action_reminders", stdout=out)
    call_command("action_reminders", stdout=out)
    assert DBTaskResult.objects.count() == 1
    assert "already queued" in out.getvalue()
    call_command("action_reminders", "--now", stdout=out)
    assert "Sent 0 reminder(s)." in out.getvalue()
