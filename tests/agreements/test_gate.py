"""A case cannot share information with an agency that has no signed agreement in force with
every organisation taking part (the inviting one and every other): the invitation and its
acceptance are refused, and say which organisation lacks one."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from asap.agreements import services
from asap.agreements.models import Agreement
from asap.cases import access
from asap.cases import services as cases
from asap.cases.enums import AgencyStatus
from asap.cases.models import CaseAgency
from tests.factories import agreement_between, persona

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(vss_worker, vss):
    return cases.open_case(actor=vss_worker, organisation=vss, perpetrator_name="Dario (test)")


def invite(vss_worker, opened, pp):
    return cases.invite_agency(
        actor=vss_worker, access=access.case_for(vss_worker, opened.pk), organisation=pp
    )


def test_without_an_agreement_the_invitation_is_refused_naming_it_with_the_input_kept(
    signed_in_client, vss_worker, opened, pp, vss
):
    data = {"organisation": pp.pk, "message": "Please join the case (kept)"}
    response = signed_in_client(vss_worker).post(reverse("cases:invite", args=[opened.pk]), data)
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert f"there is no multi-agency agreement in force between {vss.name} and {pp.name}" in page
    assert "organisations level agreement" in page
    assert "Please join the case (kept)" in page
    assert f'<option value="{pp.pk}" selected>' in page
    assert not CaseAgency.objects.filter(case=opened, organisation=pp).exists()


def test_with_an_agreement_in_force_the_invitation_goes_out(
    signed_in_client, vss_worker, opened, pp, signed
):
    data = {"organisation": pp.pk, "message": ""}
    response = signed_in_client(vss_worker).post(reverse("cases:invite", args=[opened.pk]), data)
    assert response.status_code == 302
    agency = CaseAgency.objects.get(case=opened, organisation=pp)
    assert agency.status == AgencyStatus.INVITED


@pytest.mark.parametrize("how", ["unsigned", "superseded", "ended", "expired"])
def test_an_agreement_not_in_force_does_not_open_the_gate(
    how, vss_worker, opened, pp, draft, coordinator, vss_coordinator, vss
):
    if how == "unsigned":
        sent = services.send_agreement(actor=coordinator, agreement=draft)
        party = sent.parties.get(organisation=pp)
        services.sign_agreement(actor=coordinator, agreement=sent, party=party, role="x")
    else:
        from tests.agreements.conftest import sign_all

        signed = sign_all(draft, [(coordinator, pp), (vss_coordinator, vss)])
        if how == "superseded":
            # The new version is signed (the old one superseded), then ended: neither opens it.
            new = services.supersede_agreement(actor=coordinator, agreement=signed)
            new = sign_all(new, [(coordinator, pp), (vss_coordinator, vss)])
            assert Agreement.objects.get(pk=signed.pk).status == "superseded"
            services.end_agreement(actor=coordinator, agreement=new)
        elif how == "ended":
            services.end_agreement(actor=coordinator, agreement=signed)
        else:
            yesterday = timezone.localdate() - datetime.timedelta(days=1)
            Agreement.objects.filter(pk=signed.pk).update(ends_on=yesterday)
    with pytest.raises(cases.SharingRefusedError, match="no multi-agency agreement in force"):
        invite(vss_worker, opened, pp)
    assert not CaseAgency.objects.filter(case=opened, organisation=pp).exists()


def test_while_a_new_version_is_drafted_the_signed_agreement_still_opens_the_gate(
    vss_worker, opened, pp, signed, coordinator
):
    services.supersede_agreement(actor=coordinator, agreement=signed)
    invitation = invite(vss_worker, opened, pp)
    assert invitation.status == AgencyStatus.INVITED


def test_accepting_is_refused_once_the_agreement_has_ended(
    signed_in_client, vss_worker, pp_worker, opened, pp, vss, signed, coordinator
):
    invitation = invite(vss_worker, opened, pp)
    services.end_agreement(actor=coordinator, agreement=signed)
    response = signed_in_client(pp_worker).post(
        reverse("cases:invitation", args=[invitation.pk]), {"member": pp_worker.pk}
    )
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert f"no multi-agency agreement in force between {vss.name} and {pp.name}" in page
    assert CaseAgency.objects.get(pk=invitation.pk).status == AgencyStatus.INVITED
    assert list(access.cases_for(pp_worker)) == []


def test_accepting_with_the_agreement_in_force_puts_the_agency_on_the_case(
    vss_worker, pp_worker, opened, pp, signed
):
    invitation = invite(vss_worker, opened, pp)
    cases.accept_invitation(actor=pp_worker, invitation=invitation, member=pp_worker)
    assert list(access.cases_for(pp_worker)) == [opened]


def _join(worker, opened, organisation, inviter):
    cases.invite_agency(
        actor=inviter, access=access.case_for(inviter, opened.pk), organisation=organisation
    )
    invitation = access.invitations_for(worker).get(organisation=organisation)
    return cases.accept_invitation(actor=worker, invitation=invitation, member=worker)


def test_an_agency_joins_only_bound_with_every_organisation_taking_part(
    vss_worker, pp_worker, opened, pp, vss, signed, police
):
    """Bound with the shelter that invites it, the police are still refused while no
    agreement binds them with the programme already taking part: the refusal names it."""
    _join(pp_worker, opened, pp, vss_worker)
    agreement_between(vss, police)
    with pytest.raises(cases.SharingRefusedError) as refusal:
        invite(vss_worker, opened, police)
    assert f"no multi-agency agreement in force between {pp.name} and {police.name}" in str(
        refusal.value
    )
    assert not CaseAgency.objects.filter(case=opened, organisation=police).exists()
    agreement_between(pp, police)
    officer = persona("case_worker", police)
    _join(officer, opened, police, vss_worker)
    assert CaseAgency.objects.get(case=opened, organisation=police).status == AgencyStatus.ACTIVE


def test_acceptance_is_refused_when_an_organisation_joined_since_lacks_an_agreement(
    signed_in_client, vss_worker, pp_worker, opened, pp, vss, signed, police
):
    """The police were invited while the shelter was alone; the programme joined since, with
    no agreement with the police: accepting is refused, naming the programme."""
    agreement_between(vss, police)
    invitation = invite(vss_worker, opened, police)
    _join(pp_worker, opened, pp, vss_worker)
    officer = persona("case_worker", police)
    response = signed_in_client(officer).post(
        reverse("cases:invitation", args=[invitation.pk]), {"member": officer.pk}
    )
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert f"no multi-agency agreement in force between {pp.name} and {police.name}" in page
    assert CaseAgency.objects.get(pk=invitation.pk).status == AgencyStatus.INVITED
