"""The record of processing activities (art. 30) and the breach record (art. 33)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asap.core.models import AuditEvent
from asap.dataprotection.models import Breach, ProcessingActivity
from asap.dataprotection.services import registers

pytestmark = pytest.mark.django_db

BREACH = {
    "discovered_at": "2026-03-02T10:15",
    "nature": "A list of case codes was e-mailed to the wrong agency",
    "data_categories": "Case codes",
    "subjects_affected": "4",
    "records_affected": "4",
    "consequences": "Low: codes are pseudonymous",
    "measures": "Recipient confirmed deletion",
    "authority_notified_at": "",
    "subjects_notified_at": "",
    "reason_not_notified": "",
}


def start_register(client, organisation):
    response = client.post(reverse("dataprotection:register"), {"organisation": organisation.pk})
    assert response.status_code == 302
    return response


def test_the_register_starts_with_the_platforms_default_on_request(dpo, vss, signed_in_client):
    client = signed_in_client(dpo)
    response = client.get(reverse("dataprotection:register"))
    assert response.status_code == 200
    assert "Start from the platform's default" in response.content.decode()
    button = f'name="organisation" value="{vss.pk}"'
    assert button in response.content.decode()
    activities = ProcessingActivity.objects.filter(organisation=vss)
    assert not activities.exists()  # reading the page writes nothing
    assert not AuditEvent.objects.filter(action="register.created").exists()

    start_register(client, vss)

    assert activities.count() == 2
    joint = activities.get(name__startswith="Joint case work")
    assert "5 years" in joint.retention
    assert "encrypted at rest" in joint.security
    response = client.get(reverse("dataprotection:register"))
    assert joint.name in response.content.decode()
    assert button not in response.content.decode()
    start_register(client, vss)
    assert activities.count() == 2  # created once
    assert AuditEvent.objects.filter(action="register.created").count() == 1


def test_the_default_register_is_refused_for_another_organisation(dpo, signed_in_client):
    from tests.factories import OrganisationFactory

    foreign = OrganisationFactory()
    client = signed_in_client(dpo)
    response = client.post(reverse("dataprotection:register"), {"organisation": foreign.pk})
    assert response.status_code == 404
    assert not ProcessingActivity.objects.exists()


def test_the_success_messages_are_translated_when_shown():
    from django.utils.functional import Promise

    from asap.dataprotection.views.registers import ActivityEditView, BreachEditView

    # Lazy: translated in the language of the request, not frozen at import.
    assert isinstance(ActivityEditView.success, Promise)
    assert isinstance(BreachEditView.success, Promise)


def test_an_entry_is_edited_and_a_stale_edit_keeps_the_input(dpo, vss, signed_in_client):
    client = signed_in_client(dpo)
    start_register(client, vss)
    activity = ProcessingActivity.objects.filter(organisation=vss).first()
    url = reverse("dataprotection:activity_edit", args=[activity.pk])
    values = {f: getattr(activity, f) for f in registers.ACTIVITY_FIELDS} | {
        "transfers": "None",
        "version": activity.version,
    }
    assert client.post(url, values).status_code == 302
    activity.refresh_from_db()
    assert (activity.transfers, activity.version) == ("None", 2)
    stale = values | {"transfers": "To a processor in Norway"}
    response = client.post(url, stale)
    assert response.status_code == 409
    assert "To a processor in Norway" in response.content.decode()
    event = AuditEvent.objects.filter(action="register.changed").get()
    assert event.fields == ["transfers"]


def test_a_breach_needs_a_reason_when_nobody_was_notified(dpo, vss, signed_in_client):
    client = signed_in_client(dpo)
    response = client.post(reverse("dataprotection:breach_new"), BREACH)
    assert response.status_code == 400
    assert "A list of case codes was e-mailed" in response.content.decode()
    assert not Breach.objects.exists()
    response = client.post(
        reverse("dataprotection:breach_new"), BREACH | {"reason_not_notified": "Low risk"}
    )
    assert response.status_code == 302
    breach = Breach.objects.get()
    assert (breach.organisation, breach.subjects_affected) == (vss, 4)
    event = AuditEvent.objects.get(action="breach.recorded")
    assert "nature" in event.fields
    assert "e-mailed" not in str(event.fields)


def test_an_officer_never_sees_another_organisations_breach(dpo, signed_in_client):
    from asap.accounts.enums import Role
    from tests.factories import persona

    other = persona(Role.DATA_PROTECTION_OFFICER)
    registers.save_breach(
        actor=other,
        organisation=other.active_memberships[0].organisation,
        breach=None,
        values={
            "discovered_at": "2026-03-02T10:15Z",
            "nature": "OTHER-AGENCY-BREACH",
            "data_categories": "x",
            "subjects_affected": 1,
            "records_affected": 1,
            "consequences": "x",
            "measures": "x",
            "authority_notified_at": None,
            "subjects_notified_at": None,
            "reason_not_notified": "x",
        },
    )
    client = signed_in_client(dpo)
    assert "OTHER-AGENCY" not in client.get(reverse("dataprotection:breaches")).content.decode()
    breach = Breach.objects.get()
    response = client.get(reverse("dataprotection:breach_edit", args=[breach.pk]))
    assert response.status_code == 404


def _list_queries(client, name: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(f"dataprotection:{name}")).status_code == 200
    return len(queries)


def test_the_lists_do_not_grow_queries_with_their_rows(dpo, vss, signed_in_client):
    client = signed_in_client(dpo)
    start_register(client, vss)

    def add_breach():
        registers.save_breach(
            actor=dpo,
            organisation=vss,
            breach=None,
            values=BREACH
            | {
                "discovered_at": "2026-03-02T10:15Z",
                "authority_notified_at": None,
                "subjects_notified_at": None,
                "reason_not_notified": "x",
            },
        )

    add_breach()
    one = {n: _list_queries(client, n) for n in ["breaches", "register", "index"]}
    add_breach()
    add_breach()
    registers.save_activity(
        actor=dpo, organisation=vss, activity=None, values={"name": "Third", "purpose": "p"}
    )
    three = {n: _list_queries(client, n) for n in ["breaches", "register", "index"]}
    assert one == three


def test_an_officer_of_two_organisations_chooses_where_a_breach_belongs(dpo, vss, signed_in_client):
    from asap.accounts import services as accounts
    from tests.factories import OrganisationFactory

    second = OrganisationFactory(name="Second agency (test)")
    accounts.grant_role(actor=None, user=dpo, organisation=second, role="data_protection_officer")
    client = signed_in_client(dpo)
    assert (
        "Second agency (test)" in client.get(reverse("dataprotection:breach_new")).content.decode()
    )
    values = BREACH | {"reason_not_notified": "Low risk", "organisation": str(second.pk)}
    assert client.post(reverse("dataprotection:breach_new"), values).status_code == 302
    assert Breach.objects.get().organisation == second
    foreign = OrganisationFactory()
    values["organisation"] = str(foreign.pk)
    assert client.post(reverse("dataprotection:breach_new"), values).status_code == 400
    assert Breach.objects.count() == 1
