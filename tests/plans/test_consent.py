"""Her plan rows (joint actions the victim side recorded) reach the perpetrator side only
while her consent for the programme is in force. After she withdraws it the programme's plan
page, PDF, plan kept after a meeting, case page, home page, timeline and reminders no longer
show them, and the pages say that something is withheld by her choice."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from asap.cases import access
from asap.cases import services as cases
from asap.plans import services
from asap.plans.tasks import send_action_reminders
from tests.plans.conftest import pdf_text

pytestmark = pytest.mark.django_db
D = datetime.date
OVERDUE = D(2020, 1, 1)
HER_NEED = "HERNEED7c1"
HIS_NEED = "HISNEED3b9"
NOTICE = "Some of the victim support service's contributions are withheld"
PDF_NOTICE = "Someofthevictimsupportservice"


def add(couple, who, need: str, reminded=None, term=OVERDUE):
    return services.add_action(
        actor=who,
        access=couple.access(who),
        need=need,
        action=need + "-action",
        term=term,
        responsible="Centre",
        responsible_user=reminded,
    )


def withdraw(couple) -> None:
    vss_access = couple.access(couple.vss)
    for consent in access.consents_for(vss_access):
        cases.withdraw_consent(
            actor=couple.vss, access=vss_access, consent=consent, withdrawn_on=D(2026, 2, 1)
        )


def url(name: str, couple, *args) -> str:
    return reverse(f"plans:{name}", args=[couple.case.pk, *args])


def get(client, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def test_under_her_consent_the_programme_reads_her_rows_without_a_notice(couple, signed_in_client):
    add(couple, couple.vss, HER_NEED)
    page = get(signed_in_client(couple.pp), url("list", couple))
    assert HER_NEED in page
    assert NOTICE not in page


def test_after_she_withdraws_the_plan_page_hides_her_rows_and_says_so(couple, signed_in_client):
    her = add(couple, couple.vss, HER_NEED)
    add(couple, couple.pp, HIS_NEED)
    withdraw(couple)
    client = signed_in_client(couple.pp)
    page = get(client, url("list", couple))
    assert HER_NEED not in page
    assert HIS_NEED in page
    assert NOTICE in page
    assert client.get(url("edit", couple, her.pk)).status_code == 404
    vss_page = get(signed_in_client(couple.vss), url("list", couple))
    assert HER_NEED in vss_page
    assert NOTICE not in vss_page


def test_after_she_withdraws_the_pdf_hides_her_rows_and_says_so(couple, signed_in_client):
    add(couple, couple.vss, HER_NEED)
    add(couple, couple.pp, HIS_NEED)
    withdraw(couple)
    response = signed_in_client(couple.pp).get(url("pdf", couple))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert HER_NEED not in text
    assert HIS_NEED in text
    assert PDF_NOTICE in text


def test_the_plan_kept_before_she_withdrew_hides_her_rows_after(couple, signed_in_client):
    add(couple, couple.vss, HER_NEED)
    add(couple, couple.pp, HIS_NEED)
    kept = services.snapshot_plan(
        actor=couple.vss, access=couple.access(couple.vss), meeting_id=None
    )
    client = signed_in_client(couple.pp)
    assert HER_NEED in get(client, url("snapshot", couple, kept.pk))
    withdraw(couple)
    page = get(client, url("snapshot", couple, kept.pk))
    assert HER_NEED not in page
    assert HIS_NEED in page
    assert NOTICE in page


def test_after_she_withdraws_no_page_of_the_programme_hints_at_her_rows(couple, signed_in_client):
    add(couple, couple.vss, HER_NEED, reminded=couple.pp)
    withdraw(couple)
    client = signed_in_client(couple.pp)
    case_page = get(client, f"/cases/{couple.case.pk}/")
    assert HER_NEED not in case_page
    assert "Your overdue actions" not in get(client, "/")
    timeline = access.entries_for(couple.access(couple.pp))
    assert "Action added" not in [entry.title for entry in timeline]


def test_after_she_withdraws_the_reminder_of_her_row_goes_to_the_victim_side(
    couple, django_capture_on_commit_callbacks
):
    add(couple, couple.vss, HER_NEED, reminded=couple.pp)
    withdraw(couple)
    with django_capture_on_commit_callbacks(execute=True):
        send_action_reminders.call(requeue=False)
    assert [message.to[0] for message in mail.outbox] == [couple.vss.email]
    timeline = access.entries_for(couple.access(couple.pp))
    assert not any("overdue" in entry.title for entry in timeline)
