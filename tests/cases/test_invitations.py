"""Inviting an agency, answering, adding a colleague, and leaving."""

import pytest
from django.core import mail

from asap.accounts.enums import OrganisationKind, Role
from asap.cases import access, services
from asap.cases.models import CaseAgency
from tests.factories import OrganisationFactory, agreement_between, persona

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(vss_worker):
    organisation = vss_worker.active_memberships[0].organisation
    return services.open_case(
        actor=vss_worker,
        organisation=organisation,
        perpetrator_name="Mario Neri",
        victim_name="INVITE-CANARY-VICTIM",
    )


def test_the_invited_agency_gets_an_email_with_the_code_and_no_names(
    vss_worker, opened, signed_in_client, django_capture_on_commit_callbacks
):
    pp = OrganisationFactory(kind=OrganisationKind.PERPETRATOR_PROGRAMME)
    pp_coordinator = persona(Role.COORDINATOR, pp)
    agreement_between(vss_worker.active_memberships[0].organisation, pp)
    client = signed_in_client(vss_worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/cases/{opened.pk}/invite/", {"organisation": pp.pk, "message": "Please join"}
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[pp_coordinator.email]]
    message = mail.outbox[0]
    assert opened.code in message.subject
    assert vss_worker.active_memberships[0].organisation.name in message.body
    assert "INVITE-CANARY-VICTIM" not in message.body + message.subject
    assert "Mario Neri" not in message.body


def test_until_it_accepts_the_invited_agency_sees_nothing_of_the_case(vss_worker, opened):
    pp = OrganisationFactory(kind=OrganisationKind.PERPETRATOR_PROGRAMME)
    pp_worker = persona(Role.CASE_WORKER, pp)
    agreement_between(vss_worker.active_memberships[0].organisation, pp)
    services.invite_agency(
        actor=vss_worker, access=access.case_for(vss_worker, opened.pk), organisation=pp
    )
    assert list(access.cases_for(pp_worker)) == []
    (invitation,) = access.invitations_for(pp_worker)
    services.accept_invitation(actor=pp_worker, invitation=invitation, member=pp_worker)
    assert list(access.cases_for(pp_worker)) == [opened]
    assert access.case_for(pp_worker, opened.pk).side == "perpetrator"


def test_declining_ends_the_invitation(vss_worker, opened, signed_in_client):
    police = OrganisationFactory(kind=OrganisationKind.POLICE)
    officer = persona(Role.CASE_WORKER, police)
    agreement_between(vss_worker.active_memberships[0].organisation, police)
    services.invite_agency(
        actor=vss_worker, access=access.case_for(vss_worker, opened.pk), organisation=police
    )
    (invitation,) = access.invitations_for(officer)
    client = signed_in_client(officer)
    response = client.post(f"/cases/invitations/{invitation.pk}/decline/", {"reason": "Not ours"})
    assert response.status_code == 302
    assert CaseAgency.objects.get(pk=invitation.pk).status == "declined"
    assert list(access.invitations_for(officer)) == []


def test_the_last_worker_leaving_takes_the_agency_out_and_a_colleague_becomes_lead(
    vss_worker, opened
):
    organisation = vss_worker.active_memberships[0].organisation
    colleague = persona(Role.CASE_WORKER, organisation)
    services.add_member(
        actor=vss_worker, access=access.case_for(vss_worker, opened.pk), user=colleague
    )
    services.leave_case(actor=vss_worker, access=access.case_for(vss_worker, opened.pk))
    assert access.case_for(colleague, opened.pk).member.is_lead is True
    assert list(access.cases_for(vss_worker)) == []
    services.leave_case(actor=colleague, access=access.case_for(colleague, opened.pk))
    assert CaseAgency.objects.get(case=opened, organisation=organisation).status == "left"


def test_an_invitation_whose_inviter_is_unknown_is_refused_not_waved_through(vss_worker, opened):
    pp = OrganisationFactory(kind=OrganisationKind.PERPETRATOR_PROGRAMME)
    pp_worker = persona(Role.CASE_WORKER, pp)
    agreement_between(vss_worker.active_memberships[0].organisation, pp)
    services.invite_agency(
        actor=vss_worker, access=access.case_for(vss_worker, opened.pk), organisation=pp
    )
    (invitation,) = access.invitations_for(pp_worker)
    CaseAgency.objects.filter(pk=invitation.pk).update(invited_by=None)  # account removed
    invitation.refresh_from_db()
    with pytest.raises(services.SharingRefusedError, match="invite your agency again"):
        services.accept_invitation(actor=pp_worker, invitation=invitation, member=pp_worker)
    assert CaseAgency.objects.get(pk=invitation.pk).status == "invited"
    assert list(access.cases_for(pp_worker)) == []
