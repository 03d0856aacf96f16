"""Her answers to a joint checklist reach the perpetrator side only while her consent for
the programme is in force; and joint means both sides: one side proposes the level, the
case's risk level follows only once each side taking part has confirmed it."""

import datetime
import re

import pytest

from asap.cases import access
from asap.cases import services as cases
from asap.cases.enums import EntryKind
from asap.cases.models import JointCase, TimelineEntry
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from asap.instruments import services
from asap.instruments.models import Administration, LevelConfirmation

pytestmark = pytest.mark.django_db

NOTICE = "the woman has not given, or has withdrawn, her consent to share them"
HER_SOURCE = "Victim support service: Yes"


def url(world, name: str = "") -> str:
    return f"/cases/{world.case.pk}/assessments/{world.ids['risk']}/{name}"


def withdraw(world) -> None:
    vss = world.people["victim_side"]
    vss_access = access.case_for(vss, world.case.pk)
    cases.withdraw_consent(
        actor=vss,
        access=vss_access,
        consent=access.consent_for(vss_access, world.ids["consent"]),
        withdrawn_on=datetime.date(2026, 2, 1),
    )


def consent_again(world) -> None:
    vss = world.people["victim_side"]
    cases.record_consent(
        actor=vss,
        access=access.case_for(vss, world.case.pk),
        scopes=["perpetrator_programme"],
        given_on=datetime.date(2026, 2, 15),
    )


def programme_page(world, name: str = "") -> str:
    return world.client("perpetrator_side").get(url(world, name)).content.decode()


def test_her_answers_reach_the_programme_only_while_she_consents(world):
    # With her consent (the world's): her yes to A11 is shown next to the programme's no.
    body = programme_page(world)
    assert HER_SOURCE in body[body.index("q-A11") : body.index("q-A12")]
    assert NOTICE not in body
    withdraw(world)
    body = programme_page(world)
    assert "Victim support service" not in body  # none of her answers, not even B4
    assert "answers differ" not in body
    assert NOTICE in body
    assert 'name="item_A12" value="yes"' in body  # the programme's own answers stay
    listing = world.client("perpetrator_side").get(f"/cases/{world.case.pk}/assessments/")
    assert NOTICE in listing.content.decode()
    # The victim side still reads every answer, and no notice (nothing is withheld from it).
    victim = world.client("victim_side").get(url(world)).content.decode()
    assert HER_SOURCE not in victim  # her own answers are in her fields, not "other sources"
    assert re.search(r'name="item_A11" value="yes"[^>]*checked', victim)
    assert NOTICE not in victim
    consent_again(world)
    body = programme_page(world)
    assert HER_SOURCE in body
    assert NOTICE not in body


def test_without_her_consent_the_programme_reads_the_agreed_level_and_why_not_the_items(world):
    withdraw(world)
    vss = world.people["victim_side"]
    vss_access = access.case_for(vss, world.case.pk)
    with named_scope("test"):
        risk = Administration.objects.get(pk=world.ids["risk"])
    services.complete_administration(
        actor=vss, access=vss_access, administration=risk, decisions={}, expected_version=3
    )
    body = programme_page(world)
    assert "Agreed result" in body
    assert "final level" in body
    # Section A is high on A5 and A10 (hers): said, without the items.
    assert "raised by information held by the victim side" in body
    assert "plans to leave" not in body.lower()
    assert "Victim support service" not in body
    assert NOTICE in body


def test_the_perpetrator_side_alone_does_not_set_the_cases_level(world):
    pp = world.people["perpetrator_side"]
    before = JointCase.objects.get(pk=world.case.pk).risk_level
    client = world.client("perpetrator_side")
    form = client.get(url(world, "result/")).content.decode()
    assert "raised by information held by the victim side" in form  # A: her A5 and A10
    version = re.search(r'name="version" value="(\d+)"', form)[1]
    done = client.post(
        url(world, "result/"),
        {
            "version": version,
            "final_A": "high",
            f"final_B@{world.ids['child']}": "low",
            "reason_A": "",
            f"reason_B@{world.ids['child']}": "",
        },
    )
    assert done.status_code == 302
    assert JointCase.objects.get(pk=world.case.pk).risk_level == before
    body = programme_page(world)
    assert "Awaiting the confirmation of: Victim side" in body
    assert "Confirm the level" not in body  # the programme confirmed by completing
    assert client.post(url(world, "confirm/")).status_code == 403
    with pytest.raises(PermissionError):
        services.confirm_level(
            actor=pp,
            access=access.case_for(pp, world.case.pk),
            administration=_risk(world),
        )
    assert JointCase.objects.get(pk=world.case.pk).risk_level == before
    with named_scope("test"):
        assert not TimelineEntry.objects.filter(
            case=world.case, kind=EntryKind.RISK_LEVEL_SET
        ).exists()
    # The victim side is asked, and confirms: now it is the case's level.
    victim = world.client("victim_side")
    assert "Confirm the level" in victim.get(url(world)).content.decode()
    assert victim.post(url(world, "confirm/")).status_code == 302
    assert JointCase.objects.get(pk=world.case.pk).risk_level == "high"
    assert "Confirmed by: Victim side, Perpetrator side" in programme_page(world)
    with named_scope("test"):
        assert TimelineEntry.objects.filter(case=world.case, kind=EntryKind.RISK_LEVEL_SET).exists()
    confirms = AuditEvent.objects.filter(action="instrument.confirm")
    assert confirms.count() == 2
    assert victim.post(url(world, "confirm/")).status_code == 403  # once per side


def test_an_agency_proposes_and_both_sides_confirm(world):
    police = world.people["other_agency"]
    services.complete_administration(
        actor=police,
        access=access.case_for(police, world.case.pk),
        administration=_risk(world),
        decisions={},
        expected_version=3,
    )
    with named_scope("test"):
        confirmations = LevelConfirmation.objects.filter(administration_id=world.ids["risk"])
        assert not confirmations.exists()
    for who in ["victim_side", "perpetrator_side"]:
        assert JointCase.objects.get(pk=world.case.pk).risk_level != "high"
        worker = world.people[who]
        services.confirm_level(
            actor=worker,
            access=access.case_for(worker, world.case.pk),
            administration=_risk(world),
        )
    assert JointCase.objects.get(pk=world.case.pk).risk_level == "high"


def _risk(world) -> Administration:
    with named_scope("test"):
        return Administration.objects.get(pk=world.ids["risk"])


def test_a_reason_that_names_her_child_is_refused(world):
    client = world.client("victim_side")
    form = client.get(url(world, "result/")).content.decode()
    version = re.search(r'name="version" value="(\d+)"', form)[1]
    refused = client.post(
        url(world, "result/"),
        {
            "version": version,
            "final_A": "high",
            "final_B": "intermediate",
            "reason_A": "",
            "reason_B": f"{world.canaries['child_name']} was present",
        },
    )
    assert refused.status_code == 400
    assert world.canaries["child_name"] not in refused.content.decode().split("</textarea>")[-1]
    assert _risk(world).status == "open"


def test_the_confirm_url_answers_post_only_to_members(world):
    """The row tests/security/test_matrix.py needs for instruments:confirm: members (405 on
    GET; 403 on POST while the checklist is open), coordinators 403, the unrelated 404."""
    for who in ["victim_side", "perpetrator_side", "other_agency", "partner_contact"]:
        client = world.client(who)
        assert client.get(url(world, "confirm/")).status_code == 405
        assert client.post(url(world, "confirm/")).status_code == 403
    assert world.client("coordinator").post(url(world, "confirm/")).status_code == 403
    assert world.client("unrelated").post(url(world, "confirm/")).status_code == 404
