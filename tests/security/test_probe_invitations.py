"""Outside reviewer's probe of invitations: may the perpetrator side choose an agency that joins
the case on the victim side (a second victim support service), and so decide who reads what
locates her? The victim side itself inviting the same agency is the positive control."""

import pytest

from asap.accounts.enums import OrganisationKind, Role
from asap.cases import access, services
from asap.cases.enums import AgencyStatus, Side
from asap.cases.models import CaseAgency, CaseMember, ProtectedDetail
from asap.cases.services import SharingRefusedError
from asap.cases.services.closure import transferable_agency
from asap.core.scopes import named_scope
from tests.factories import OrganisationFactory, agreement_between, persona

pytestmark = pytest.mark.django_db


def second_shelter(world):
    """A victim support service bound by an agreement with every organisation in the case."""
    shelter = OrganisationFactory(
        name="Second shelter (probe)", kind=OrganisationKind.VICTIM_SUPPORT_SERVICE
    )
    worker = persona(Role.CASE_WORKER, shelter)
    for agency in CaseAgency.objects.filter(case=world.case, status=AgencyStatus.ACTIVE):
        agreement_between(agency.organisation, shelter)
    return shelter, worker


def join(world, shelter, worker, inviter):
    services.invite_agency(
        actor=inviter, access=access.case_for(inviter, world.case.pk), organisation=shelter
    )
    invitation = access.invitations_for(worker).get(organisation=shelter)
    services.accept_invitation(actor=worker, invitation=invitation, member=worker)
    return access.case_for(worker, world.case.pk)


@pytest.mark.parametrize("inviter", ["perpetrator_side", "child_protection_lead", "other_agency"])
def test_no_one_outside_the_victim_side_brings_in_an_agency_that_joins_it(world, inviter):
    shelter, _worker = second_shelter(world)
    actor = world.people[inviter]
    with pytest.raises(SharingRefusedError):
        services.invite_agency(
            actor=actor, access=access.case_for(actor, world.case.pk), organisation=shelter
        )
    assert not CaseAgency.objects.filter(case=world.case, organisation=shelter).exists()


@pytest.mark.parametrize("inviter", ["victim_side", "partner_contact"])
def test_the_victim_side_brings_in_a_second_shelter_which_reads_what_it_reads(world, inviter):
    shelter, worker = second_shelter(world)
    joined = join(world, shelter, worker, world.people[inviter])
    assert joined.side == Side.VICTIM
    with named_scope("test"):
        details = [d.value for d in ProtectedDetail.objects.visible_to(joined)]
    assert world.canaries["address"] in details


def test_the_perpetrator_side_still_invites_an_agency_of_its_choosing(world):
    """Health joins as another agency (joint content and what is shared with agencies)."""
    health = OrganisationFactory(name="Health (probe)", kind=OrganisationKind.HEALTH)
    nurse = persona(Role.CASE_WORKER, health)
    for agency in CaseAgency.objects.filter(case=world.case, status=AgencyStatus.ACTIVE):
        agreement_between(agency.organisation, health)
    joined = join(world, health, nurse, world.people["perpetrator_side"])
    assert joined.side == Side.AGENCY
    with named_scope("test"):
        assert not ProtectedDetail.objects.visible_to(joined).exists()


def test_a_partner_contact_of_an_agency_the_perpetrator_side_invited_does_not_join_her_side(
    world,
):
    """The perpetrator side invites a health service (another agency); the worker who accepts
    holds the partner-contact role there, which would put them on the victim side."""
    health = OrganisationFactory(name="Health (probe)", kind=OrganisationKind.HEALTH)
    contact = persona(Role.PARTNER_CONTACT, health)
    for agency in CaseAgency.objects.filter(case=world.case, status=AgencyStatus.ACTIVE):
        agreement_between(agency.organisation, health)
    with pytest.raises(SharingRefusedError):
        join(world, health, contact, world.people["perpetrator_side"])
    assert not CaseMember.objects.filter(case=world.case, user=contact).exists()
    # Invited by the victim side, the same worker joins it.
    CaseAgency.objects.filter(case=world.case, organisation=health).delete()
    assert join(world, health, contact, world.people["victim_side"]).side == Side.VICTIM


def test_the_shelter_hands_its_part_to_a_second_shelter_which_joins_her_side(world):
    """A transfer: the shelter's workers leave at once; the programme's partner contact is
    still on the victim side; the second shelter accepts the shelter's invitation."""
    shelter, worker = second_shelter(world)
    vss = world.people["victim_side"]
    vss_access = access.case_for(vss, world.case.pk)
    agency = transferable_agency(vss_access)
    services.transfer_agency(actor=vss, access=vss_access, agency=agency, to=shelter)
    invitation = access.invitations_for(worker).get(organisation=shelter)
    member = services.accept_invitation(actor=worker, invitation=invitation, member=worker)
    assert member.side == Side.VICTIM
