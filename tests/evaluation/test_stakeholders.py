"""The stakeholder map: rows of needs, resources and how to bring participants in."""

import pytest
from django.test import Client
from django.urls import reverse

from asap.accounts.enums import Role
from asap.core.models import AuditEvent
from asap.evaluation.models import Stakeholder
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, persona

pytestmark = pytest.mark.django_db
ROW = {
    "need": "Safe housing after leaving the shelter",
    "name": "Municipal housing office",
    "kind": "housing",
    "how": "Invite their director to the next Phase 1 team meeting",
    "when": "Before the spring review",
    "status": "to_contact",
}


def add(client) -> Stakeholder:
    response = client.post(reverse("evaluation:stakeholder_add"), ROW)
    assert response.status_code == 302
    return Stakeholder.objects.get(name=ROW["name"])


def test_a_coordinator_adds_a_row_and_sees_it_on_the_map(agency, coordinator_client):
    row = add(coordinator_client)
    assert row.organisation == agency
    page = coordinator_client.get(reverse("evaluation:stakeholders")).content.decode()
    assert ROW["need"] in page
    assert ROW["how"] in page
    assert "To contact" in page
    assert AuditEvent.objects.filter(action="evaluation.stakeholder_add").count() == 1


def test_the_add_form_asks_for_no_version_and_the_edit_form_needs_one(coordinator_client):
    page = coordinator_client.get(reverse("evaluation:stakeholder_add")).content.decode()
    assert 'name="version"' not in page
    row = add(coordinator_client)  # posted without a version
    url = reverse("evaluation:stakeholder_edit", args=[row.pk])
    assert 'name="version"' in coordinator_client.get(url).content.decode()
    assert coordinator_client.post(url, ROW | {"status": "joined"}).status_code == 400
    row.refresh_from_db()
    assert row.status == "to_contact"


def test_a_row_missing_its_need_is_refused_with_the_input_kept(coordinator_client):
    response = coordinator_client.post(reverse("evaluation:stakeholder_add"), ROW | {"need": ""})
    assert response.status_code == 400
    assert ROW["how"] in response.content.decode()
    assert Stakeholder.objects.count() == 0


def test_changing_a_row_moves_its_status(coordinator_client):
    row = add(coordinator_client)
    url = reverse("evaluation:stakeholder_edit", args=[row.pk])
    assert coordinator_client.get(url).status_code == 200
    response = coordinator_client.post(url, ROW | {"status": "joined", "version": row.version})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.version) == ("joined", 2)
    audit = AuditEvent.objects.get(action="evaluation.stakeholder_change")
    assert audit.fields == ["status"]


def test_a_stale_edit_answers_409_and_keeps_the_input(coordinator_client):
    row = add(coordinator_client)
    url = reverse("evaluation:stakeholder_edit", args=[row.pk])
    coordinator_client.post(url, ROW | {"status": "contacted", "version": 1})
    response = coordinator_client.post(
        url, ROW | {"how": "Write to them first (stale)", "version": 1}
    )
    assert response.status_code == 409
    assert "Write to them first (stale)" in response.content.decode()
    row.refresh_from_db()
    assert (row.status, row.how) == ("contacted", ROW["how"])


def test_deleting_needs_a_confirmation(coordinator_client):
    row = add(coordinator_client)
    url = reverse("evaluation:stakeholder_delete", args=[row.pk])
    assert coordinator_client.post(url, {}).status_code == 400
    assert Stakeholder.objects.filter(pk=row.pk).exists()
    assert coordinator_client.post(url, {"confirm": "on"}).status_code == 302
    assert not Stakeholder.objects.filter(pk=row.pk).exists()


def test_another_organisations_row_is_not_found(coordinator_client):
    row = add(coordinator_client)
    other = Client()
    sign_in(other, persona(Role.COORDINATOR, OrganisationFactory(name="Other agency")))
    assert ROW["need"] not in other.get(reverse("evaluation:stakeholders")).content.decode()
    for name in ["stakeholder_edit", "stakeholder_delete"]:
        url = reverse(f"evaluation:{name}", args=[row.pk])
        assert other.get(url).status_code == 404
        assert other.post(url, ROW | {"confirm": "on", "version": 1}).status_code == 404
    assert Stakeholder.objects.filter(pk=row.pk).exists()
