"""Sharing a named item across the barrier: consent, purpose, withdrawal."""

import datetime

import pytest

from asap.cases import access, services
from asap.cases.enums import Compartment
from asap.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def pp_page(world) -> str:
    """The programme worker's case page and every page of its timeline (the world's other
    apps put more entries on it than the first page holds)."""
    client = world.client("perpetrator_side")
    case = world.case.pk
    pages = [client.get(f"/cases/{case}/").content.decode()]
    for number in range(2, 20):
        response = client.get(f"/cases/{case}/timeline/?page={number}")
        pages.append(response.content.decode())
        if f"?page={number + 1}" not in pages[-1]:
            break
    return "\n".join(pages)


def test_sharing_a_victim_note_needs_her_consent_then_reaches_the_programme(world):
    vss = world.people["victim_side"]
    case = world.case.pk
    note = world.notes["victim"]
    consent = access.consents_for(access.case_for(vss, case)).get()
    services.withdraw_consent(
        actor=vss,
        access=access.case_for(vss, case),
        consent=consent,
        withdrawn_on=datetime.date(2026, 2, 1),
    )
    vss_client = world.client("victim_side")
    purpose = "Safety planning for the contact visit"
    response = vss_client.post(
        f"/cases/{case}/notes/{note.pk}/share/", {"with_side": "perpetrator", "purpose": purpose}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "has been withdrawn" in body
    assert purpose in body  # the input is kept
    assert (
        "VICTIM-NOTE-BODY-91c2"
        not in world.client("perpetrator_side").get(f"/cases/{case}/").content.decode()
    )

    vss_client.post(
        f"/cases/{case}/consent/",
        {"scopes": ["perpetrator_programme"], "given_on": "2026-02-10", "note": ""},
    )
    response = vss_client.post(
        f"/cases/{case}/notes/{note.pk}/share/", {"with_side": "perpetrator", "purpose": purpose}
    )
    assert response.status_code == 302
    share = AuditEvent.objects.filter(action="share.add", case_id=case).order_by("-seq").first()
    assert share.actor_id == vss.pk
    pp_body = pp_page(world)
    assert "VICTIM-NOTE-BODY-91c2" in pp_body
    assert purpose in pp_body

    share_id = int(share.object_id)
    assert vss_client.post(f"/cases/{case}/shares/{share_id}/withdraw/").status_code == 302
    assert (
        "VICTIM-NOTE-BODY-91c2"
        not in world.client("perpetrator_side").get(f"/cases/{case}/").content.decode()
    )
    assert AuditEvent.objects.filter(action="share.withdraw", case_id=case).count() == 1


def test_consent_for_the_programme_does_not_cover_other_agencies(world):
    vss = world.people["victim_side"]
    vss_access = access.case_for(vss, world.case.pk)
    with pytest.raises(services.SharingRefusedError, match="No consent"):
        services.share_entry(
            actor=vss,
            access=vss_access,
            entry=world.notes["victim"],
            with_side="agency",
            purpose="Police risk review",
        )


def test_a_protected_item_is_never_shared(world):
    vss = world.people["victim_side"]
    vss_access = access.case_for(vss, world.case.pk)
    with pytest.raises(services.SharingRefusedError, match="never shared"):
        services.share_entry(
            actor=vss,
            access=vss_access,
            entry=world.notes["protected"],
            with_side="perpetrator",
            purpose="x",
        )
    pp_access = access.case_for(world.people["perpetrator_side"], world.case.pk)
    assert not access.entries_for(pp_access).filter(pk=world.notes["protected"].pk).exists()


def test_a_protected_entry_stays_hidden_even_if_a_share_row_exists(world):
    """Defence in depth: a share row planted past the service does not open protected data."""
    from asap.cases.models import Share

    Share.objects.create(
        case=world.case, entry=world.notes["protected"], with_side="perpetrator", purpose="x"
    )
    pp_access = access.case_for(world.people["perpetrator_side"], world.case.pk)
    assert not access.entries_for(pp_access).filter(pk=world.notes["protected"].pk).exists()


def test_the_perpetrator_side_cannot_share_the_womans_items(world):
    client = world.client("perpetrator_side")
    response = client.get(f"/cases/{world.case.pk}/notes/{world.notes['shared'].pk}/share/")
    assert response.status_code == 403


def test_the_programme_can_share_its_own_note_with_the_victim_side_without_her_consent(world):
    pp = world.people["perpetrator_side"]
    pp_access = access.case_for(pp, world.case.pk)
    note = services.add_note(
        actor=pp,
        access=pp_access,
        title="Missed sessions",
        body="PP-RISK-NOTE-4411",
        compartment=Compartment.PERPETRATOR,
    )
    vss_access = access.case_for(world.people["victim_side"], world.case.pk)
    assert not access.entries_for(vss_access).filter(pk=note.pk).exists()
    services.share_entry(
        actor=pp, access=pp_access, entry=note, with_side="victim", purpose="Her safety plan"
    )
    assert access.entries_for(vss_access).filter(pk=note.pk).exists()


def test_the_withdrawal_page_lists_her_items_still_shared(world):
    url = f"/cases/{world.case.pk}/consent/{world.ids['consent']}/withdraw/"
    body = world.client("victim_side").get(url).content.decode()
    assert "Shared with the programme" in body
    assert f"/shares/{world.ids['share']}/withdraw/" in body
