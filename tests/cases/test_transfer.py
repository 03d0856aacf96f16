"""Handing the lead over within an organisation, and transferring an organisation's part in
a case to another of the same kind bound by an agreement: audited, on the timeline, the
chain intact, and the barrier holding for the old and the new organisation's workers."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from asap.accounts.enums import OrganisationKind, Role
from asap.cases import access, services
from asap.cases.models import CaseAgency, CaseMember
from asap.core import audit
from asap.core.models import AuditEvent
from tests.factories import OrganisationFactory, agreement_between, persona

pytestmark = pytest.mark.django_db

VICTIM_CANARY = "TRANSFERVICTIMNOTE7f3a"
PERPETRATOR_NOTE = "TRANSFERPROGRAMMENOTE7f3a"


def plant_notes(world) -> None:
    """A victim-compartment canary note and a programme note, on the timeline's first page."""
    for who, body, compartment in [
        ("victim_side", VICTIM_CANARY, "victim"),
        ("perpetrator_side", PERPETRATOR_NOTE, "perpetrator"),
    ]:
        worker = world.people[who]
        services.add_note(
            actor=worker,
            access=access.case_for(worker, world.case.pk),
            title="Before the transfer",
            body=body,
            compartment=compartment,
        )


def organisation_of(world, who):
    return world.people[who].active_memberships[0].organisation


def test_the_lead_hands_over_to_a_colleague_of_the_same_organisation_and_side(world):
    vss = organisation_of(world, "victim_side")
    colleague = persona(Role.CASE_WORKER, vss)
    url = reverse("cases:lead", args=[world.case.pk])
    client = world.client("victim_side")
    assert colleague.full_name in client.get(url).content.decode()
    assert client.post(url, {"user": colleague.pk}).status_code == 302
    members = {m.user_id: m for m in CaseMember.objects.filter(case=world.case)}
    assert members[colleague.pk].is_lead
    assert members[colleague.pk].is_active
    assert members[colleague.pk].side == "victim"
    assert not members[world.people["victim_side"].pk].is_lead
    assert members[world.people["victim_side"].pk].is_active
    event = AuditEvent.objects.get(action="case.lead_change")
    assert (event.case_id, event.fields) == (world.case.pk, ["is_lead", "user"])
    assert (
        "Lead worker changed"
        in world.client("perpetrator_side")
        .get(reverse("cases:detail", args=[world.case.pk]))
        .content.decode()
    )
    # The lead moved: the former lead no longer hands it over.
    assert client.post(url, {"user": colleague.pk}).status_code == 403


def test_the_lead_stays_within_the_organisation_and_the_side(world):
    url = reverse("cases:lead", args=[world.case.pk])
    client = world.client("perpetrator_side")
    # The programme's partner contact works on the victim side: not the programme's lead.
    partner = world.people["partner_contact"]
    outsider = persona(Role.CASE_WORKER, organisation_of(world, "victim_side"))
    for user in [partner, outsider, world.people["other_agency"]]:
        response = client.post(url, {"user": user.pk})
        assert response.status_code == 400, user
    assert CaseMember.objects.get(case=world.case, user=world.people["perpetrator_side"]).is_lead
    pp_access = access.case_for(world.people["perpetrator_side"], world.case.pk)
    with pytest.raises(PermissionDenied):
        services.hand_over_lead(actor=pp_access.user, access=pp_access, to=partner)
    assert world.client("partner_contact").get(url).status_code == 403


def new_programme(world, *, bound: bool = True):
    """Another perpetrator programme, bound (or not) to the old one, and bound to every
    other organisation of the case (as any agency joining one must be)."""
    old = organisation_of(world, "perpetrator_side")
    new = OrganisationFactory(name="Programme North", kind=OrganisationKind.PERPETRATOR_PROGRAMME)
    for who in ["victim_side", "other_agency"]:
        agreement_between(organisation_of(world, who), new)
    if bound:
        agreement_between(old, new)
    return new


def transfer(world, who, organisation):
    url = reverse("cases:transfer", args=[world.case.pk])
    data = {"organisation": organisation.pk, "message": "", "confirm": "on"}
    return world.client(who).post(url, data)


def test_a_transfer_needs_an_agreement_in_force_between_the_two(world):
    unbound = new_programme(world, bound=False)
    assert transfer(world, "perpetrator_side", unbound).status_code == 400
    pp_access = access.case_for(world.people["perpetrator_side"], world.case.pk)
    agency = CaseAgency.objects.get(case=world.case, organisation=pp_access.member.organisation)
    with pytest.raises(services.SharingRefusedError):
        services.transfer_agency(actor=pp_access.user, access=pp_access, agency=agency, to=unbound)
    shelter = OrganisationFactory(kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
    agreement_between(agency.organisation, shelter)
    with pytest.raises(services.SharingRefusedError):  # not the same kind
        services.transfer_agency(actor=pp_access.user, access=pp_access, agency=agency, to=shelter)
    assert agency.status == "active"
    still = CaseMember.objects.filter(case=world.case, organisation=agency.organisation)
    assert still.filter(is_active=True).count() == 3


def test_a_programme_transfer_keeps_the_barrier_and_the_audit_chain(world, signed_in_client):
    new = new_programme(world)
    plant_notes(world)
    old = organisation_of(world, "perpetrator_side")
    detail = reverse("cases:detail", args=[world.case.pk])
    timeline = reverse("cases:timeline", args=[world.case.pk])
    # The partner contact (victim side, of the old programme) reads the victim note first.
    assert VICTIM_CANARY in world.client("partner_contact").get(timeline).content.decode()
    # The programme's coordinator, not a member, transfers its part.
    assert transfer(world, "coordinator", new).status_code == 302
    for who in ["perpetrator_side", "partner_contact", "child_protection_lead"]:
        assert world.client(who).get(detail).status_code == 404, who
    assert CaseAgency.objects.get(case=world.case, organisation=old).status == "left"
    invitation = CaseAgency.objects.get(case=world.case, organisation=new)
    assert (invitation.status, invitation.side) == ("invited", "perpetrator")
    event = AuditEvent.objects.get(action="case.transfer")
    assert (event.case_id, event.organisation_id) == (world.case.pk, old.pk)
    assert audit.verify().ok

    worker = persona(Role.CASE_WORKER, new)
    client = signed_in_client(worker)
    accept = reverse("cases:invitation", args=[invitation.pk])
    assert client.post(accept, {"member": worker.pk}).status_code == 302
    page = client.get(timeline).content.decode()
    assert PERPETRATOR_NOTE in page  # the side's key is the side's, not the organisation's
    assert "Agency&#x27;s part transferred: Programme (world) → Programme North" in page
    assert VICTIM_CANARY not in page
    for canary in world.canaries.values():
        assert canary not in page + client.get(detail).content.decode()
    assert audit.verify().ok


def test_a_victim_support_transfer_hands_her_side_to_the_new_service(world, signed_in_client):
    old = organisation_of(world, "victim_side")
    new = OrganisationFactory(name="Shelter South", kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
    for who in ["victim_side", "perpetrator_side", "other_agency"]:
        agreement_between(organisation_of(world, who), new)
    plant_notes(world)
    timeline = reverse("cases:timeline", args=[world.case.pk])
    assert VICTIM_CANARY in world.client("victim_side").get(timeline).content.decode()
    assert VICTIM_CANARY not in world.client("perpetrator_side").get(timeline).content.decode()
    assert transfer(world, "victim_side", new).status_code == 302
    assert world.client("victim_side").get(timeline).status_code == 404
    assert CaseAgency.objects.get(case=world.case, organisation=old).status == "left"
    worker = persona(Role.CASE_WORKER, new)
    client = signed_in_client(worker)
    invitation = CaseAgency.objects.get(case=world.case, organisation=new)
    accept = reverse("cases:invitation", args=[invitation.pk])
    assert client.post(accept, {"member": worker.pk}).status_code == 302
    page = client.get(timeline).content.decode()
    assert VICTIM_CANARY in page
    detail = client.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert world.canaries["address"] in detail
    assert VICTIM_CANARY not in world.client("perpetrator_side").get(timeline).content.decode()
    assert audit.verify().ok


def test_only_the_lead_or_a_coordinator_of_a_side_organisation_transfers(world):
    new = new_programme(world)
    for who in ["partner_contact", "child_protection_lead", "other_agency", "coordinator_agency"]:
        assert transfer(world, who, new).status_code == 403, who
    assert transfer(world, "unrelated", new).status_code == 404
    assert not CaseAgency.objects.filter(case=world.case, organisation=new).exists()


def test_a_closed_case_is_not_transferred_nor_its_lead_handed_over(world):
    new = new_programme(world)
    case = world.case
    version = type(case).objects.get(pk=case.pk).version
    world.client("perpetrator_side").post(
        reverse("cases:close", args=[case.pk]),
        {"reason": "completed", "note": "Done", "version": version},
    )
    assert transfer(world, "perpetrator_side", new).status_code == 423
    colleague = persona(Role.CASE_WORKER, organisation_of(world, "perpetrator_side"))
    lead = reverse("cases:lead", args=[case.pk])
    assert world.client("perpetrator_side").post(lead, {"user": colleague.pk}).status_code == 423
    assert not CaseAgency.objects.filter(case=case, organisation=new).exists()
