"""What each side sees of one case, proven with planted values."""

import datetime
import html

import pytest

from asap.cases import access, services
from asap.cases.enums import ProtectedKind
from asap.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def page(world, who: str, url: str) -> tuple[int, str]:
    response = world.client(who).get(url)
    return response.status_code, response.content.decode()


def case_view(world, who: str) -> tuple[int, str]:
    """The case page, its timeline's page and every older page of it, as `who` sees them
    (the case page shows the latest entries; the timeline has its own pages)."""
    status, body = page(world, who, f"/cases/{world.case.pk}/")
    timeline_status, timeline = page(world, who, f"/cases/{world.case.pk}/timeline/")
    if timeline_status == 200:
        body += timeline
    number = 2
    while f"timeline/?page={number}" in body:
        _status, older = page(world, who, f"/cases/{world.case.pk}/timeline/?page={number}")
        body += older
        number += 1
    return status, body


CASE_CANARIES = [
    "victim_name",
    "child_name",
    *[kind.value for kind in ProtectedKind],
    "protected_note",
]


def test_victim_side_sees_her_name_the_protected_details_and_its_own_notes(world):
    status, body = case_view(world, "victim_side")
    assert status == 200
    assert [name for name in CASE_CANARIES if world.canaries[name] not in body] == []
    assert "VICTIM-NOTE-BODY-91c2" in body
    assert "PERPETRATOR-NOTE-BODY-33ab" not in body


@pytest.mark.parametrize("who", ["perpetrator_side", "child_protection_lead"])
def test_perpetrator_side_sees_his_name_joint_and_shared_items_but_nothing_protected(world, who):
    status, body = case_view(world, who)
    assert status == 200
    assert "Mario Esposito (world)" in body
    assert "JOINT-NOTE-BODY-5d1e" in body
    assert "PERPETRATOR-NOTE-BODY-33ab" in body
    assert "SHARED-NOTE-BODY-aa01" in body
    assert "So the programme can address the incident in group work" in body
    assert "VICTIM-NOTE-BODY-91c2" not in body
    assert [name for name, value in world.canaries.items() if value in body] == []


def test_a_partner_contact_at_the_programme_works_on_the_victim_side(world):
    status, body = case_view(world, "partner_contact")
    assert status == 200
    assert world.canaries["address"] in body
    assert "VICTIM-NOTE-BODY-91c2" in body
    assert "PERPETRATOR-NOTE-BODY-33ab" not in body


def test_another_agency_sees_joint_items_only(world):
    """The joint note the victim side recorded reaches another agency only under her consent
    for other agencies: before it, the agency is told that something is withheld."""
    status, body = case_view(world, "other_agency")
    assert status == 200
    assert "JOINT-NOTE-BODY-5d1e" not in body
    assert "the woman has not given, or has withdrawn, her consent" in html.unescape(body)
    vss = world.people["victim_side"]
    services.record_consent(
        actor=vss,
        access=access.case_for(vss, world.case.pk),
        scopes=["other_agencies"],
        given_on=datetime.date(2026, 1, 15),
    )
    status, body = case_view(world, "other_agency")
    assert "JOINT-NOTE-BODY-5d1e" in body
    for planted in ["VICTIM-NOTE-BODY-91c2", "PERPETRATOR-NOTE-BODY-33ab", "SHARED-NOTE-BODY-aa01"]:
        assert planted not in body
    assert [name for name, value in world.canaries.items() if value in body] == []


def test_a_coordinator_who_is_not_a_member_sees_metadata_but_no_content(world):
    status, body = page(world, "coordinator", f"/cases/{world.case.pk}/")
    assert status == 200
    assert world.case.code in body
    for planted in ["Mario Esposito (world)", "JOINT-NOTE-BODY-5d1e", "PERPETRATOR-NOTE-BODY-33ab"]:
        assert planted not in body
    assert [name for name, value in world.canaries.items() if value in body] == []
    status, _body = page(world, "coordinator", f"/cases/{world.case.pk}/timeline/")
    assert status == 403


@pytest.mark.parametrize("who", ["unrelated", "dpo", "administrator"])
def test_people_outside_the_case_get_no_case_page(world, who):
    status, body = case_view(world, who)
    assert status in {403, 404}
    assert world.case.code not in body
    assert "Mario Esposito (world)" not in body


def test_the_case_list_shows_names_only_to_those_who_may_read_them(world):
    _status, victim_list = page(world, "victim_side", "/cases/")
    _status, perpetrator_list = page(world, "perpetrator_side", "/cases/")
    _status, coordinator_list = page(world, "coordinator", "/cases/")
    assert world.canaries["victim_name"] in victim_list
    assert "Mario Esposito (world)" in perpetrator_list
    assert world.canaries["victim_name"] not in perpetrator_list
    assert world.case.code in coordinator_list
    assert "Mario Esposito (world)" not in coordinator_list


def test_reading_a_case_leaves_an_audit_row_naming_no_values(world):
    before = AuditEvent.objects.filter(action="case.read", case_id=world.case.pk).count()
    page(world, "perpetrator_side", f"/cases/{world.case.pk}/")
    reads = AuditEvent.objects.filter(action="case.read", case_id=world.case.pk)
    assert reads.count() == before + 1
    row = reads.order_by("-seq").first()
    assert row.actor_id == world.people["perpetrator_side"].pk
    assert row.fields == ["persons", "timeline"]


def test_the_perpetrator_side_cannot_open_protected_or_consent_screens(world):
    case = world.case.pk
    for url in [
        f"/cases/{case}/protected/add/",
        f"/cases/{case}/protected/{world.ids['detail']}/edit/",
        f"/cases/{case}/consent/",
        f"/cases/{case}/persons/{world.ids['woman']}/edit/",
        f"/cases/{case}/persons/{world.ids['child']}/edit/",
    ]:
        status, body = page(world, "perpetrator_side", url)
        assert status == 403, url
        assert [name for name, value in world.canaries.items() if value in body] == []


def test_a_coordinator_reading_metadata_leaves_an_audit_row_for_the_agency(world):
    coordinator = world.people["coordinator"]
    page(world, "coordinator", f"/cases/{world.case.pk}/")
    row = AuditEvent.objects.filter(action="case_metadata.read").get()
    assert (row.actor_id, row.case_id) == (coordinator.pk, world.case.pk)
    assert row.organisation_id == coordinator.active_memberships[0].organisation_id
