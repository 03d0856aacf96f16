"""The home page shows what awaits the person: the invitations to their agency, with the link
that answers each, their open cases and what comes due; and only their own agency's."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from asap.accounts.enums import OrganisationKind, Role
from asap.cases import access, services
from asap.cases.models import JointCase
from tests.factories import OrganisationFactory, agreement_between, persona

pytestmark = pytest.mark.django_db


def invite(vss_worker, vss, organisation, him: str = "Mario Neri"):
    case = services.open_case(
        actor=vss_worker, organisation=vss, perpetrator_name=him, victim_name="Lucia Verdi"
    )
    agreement_between(vss, organisation)
    return services.invite_agency(
        actor=vss_worker, access=access.case_for(vss_worker, case.pk), organisation=organisation
    )


def test_the_invited_agencys_worker_answers_from_the_home_page(
    vss_worker, vss, pp, pp_worker, signed_in_client
):
    invitation = invite(vss_worker, vss, pp)
    # Another agency's invitation, planted: it must not show.
    police = OrganisationFactory(kind=OrganisationKind.POLICE)
    theirs = invite(vss_worker, vss, police, him="Other Man")
    client = signed_in_client(pp_worker)
    body = client.get("/").content.decode()
    assert f'href="/cases/invitations/{invitation.pk}/"' in body
    assert f"Case {invitation.case.code} — invitation to {pp.name}" in body
    assert f"/cases/invitations/{theirs.pk}/" not in body
    assert theirs.case.code not in body
    # The link answers it in one page load.
    assert client.get(f"/cases/invitations/{invitation.pk}/").status_code == 200


def test_the_inviting_worker_sees_no_invitation_and_counts_her_open_case(
    vss_worker, vss, pp, signed_in_client
):
    invitation = invite(vss_worker, vss, pp)
    JointCase.objects.filter(pk=invitation.case_id).update(
        next_due=timezone.localdate() - datetime.timedelta(days=2)
    )
    body = signed_in_client(vss_worker).get("/").content.decode()
    assert "/cases/invitations/" not in body
    assert "Your open cases" in body
    assert "1 case has an overdue deadline" in body
    assert f'href="/cases/{invitation.case_id}/">{invitation.case.code}</a>: overdue since' in body


def test_a_trainer_sees_the_next_sessions_and_no_case_card(signed_in_client):
    trainer = persona(Role.TRAINER)
    body = signed_in_client(trainer).get("/").content.decode()
    assert "Your next training sessions" in body
    assert "Your open cases" not in body


def test_a_coordinator_sees_the_cases_without_a_worker_of_the_agency(
    vss_worker, vss, pp, pp_worker, signed_in_client
):
    invitation = invite(vss_worker, vss, pp)
    services.accept_invitation(actor=pp_worker, invitation=invitation, member=pp_worker)
    services.leave_case(actor=pp_worker, access=access.case_for(pp_worker, invitation.case_id))
    coordinator = persona(Role.COORDINATOR, vss)
    body = signed_in_client(coordinator).get("/").content.decode()
    assert "Cases without a worker of your agency" in body


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


def test_the_home_page_costs_the_same_at_one_and_three_cases_and_invitations(
    vss_worker, vss, pp, pp_worker, signed_in_client
):
    """A coordinator and worker of the programme: every card is on the page."""
    pp_worker.memberships.create(organisation=pp, role=Role.COORDINATOR)
    for _n in range(2):
        invitation = invite(vss_worker, vss, pp)
    services.accept_invitation(actor=pp_worker, invitation=invitation, member=pp_worker)
    JointCase.objects.update(next_due=timezone.localdate())
    client = signed_in_client(pp_worker)
    one = _queries(client)
    for _n in range(4):
        invitation = invite(vss_worker, vss, pp)
    for invitation in list(access.invitations_for(pp_worker))[:2]:
        services.accept_invitation(actor=pp_worker, invitation=invitation, member=pp_worker)
    JointCase.objects.update(next_due=timezone.localdate())
    assert len(access.invitations_for(pp_worker)) == 3
    assert _queries(client) == one
