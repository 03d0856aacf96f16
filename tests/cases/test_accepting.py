"""Accepting an invitation preselects the worker at the keyboard and says that choosing a
colleague takes them off the case; their coordinator puts them back in one click (audited),
and nobody else can."""

import re

import pytest

from asap.accounts.enums import OrganisationKind, Role
from asap.cases import access, services
from asap.cases.models import CaseMember
from asap.core.models import AuditEvent
from tests.factories import OrganisationFactory, agreement_between, persona

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(vss, pp, vss_worker):
    """A case of the support service, the programme invited; its worker sorts last."""
    case = services.open_case(
        actor=vss_worker, organisation=vss, perpetrator_name="Mario Neri", victim_name="Lucia"
    )
    agreement_between(vss, pp)
    return services.invite_agency(
        actor=vss_worker, access=access.case_for(vss_worker, case.pk), organisation=pp
    )


@pytest.fixture
def zeno(pp):
    """The programme's worker who answers: last in the alphabet of his agency."""
    worker = persona(Role.CASE_WORKER, pp)
    worker.full_name = "Zeno Zanetti"
    worker.save(update_fields=["full_name"])
    return worker


@pytest.fixture
def anna(pp):
    colleague = persona(Role.CASE_WORKER, pp)
    colleague.full_name = "Anna Abate"
    colleague.save(update_fields=["full_name"])
    return colleague


def member_select(body: str) -> str:
    return re.search(r'<select name="member".*?</select>', body, re.S)[0]


def selected(body: str) -> str:
    return re.search(r'<option value="(\d+)"[^>]*selected', member_select(body))[1]


def test_accepting_preselects_the_signed_in_worker_not_the_first_colleague(
    invited, zeno, anna, signed_in_client
):
    body = signed_in_client(zeno).get(f"/cases/invitations/{invited.pk}/").content.decode()
    options = member_select(body)
    assert options.index("Anna Abate") < options.index("Zeno Zanetti")  # she comes first...
    assert selected(body) == str(zeno.pk)  # ...but he is chosen
    assert "If you choose a colleague, you will not be on the case" in body


def test_accepting_for_a_colleague_says_you_lose_the_case(invited, zeno, anna, signed_in_client):
    client = signed_in_client(zeno)
    response = client.post(f"/cases/invitations/{invited.pk}/", {"member": anna.pk}, follow=True)
    body = response.content.decode()
    assert "Anna Abate works on it. You are not on the case and no longer see it" in body
    assert access.case_for(anna, invited.case_id).member.is_lead is True
    assert not CaseMember.objects.filter(case=invited.case, user=zeno).exists()


def accepted_for_anna(invited, zeno, anna):
    services.accept_invitation(actor=zeno, invitation=invited, member=anna)


def test_the_coordinator_puts_back_the_worker_who_accepted_for_a_colleague(
    invited, zeno, anna, pp, signed_in_client
):
    accepted_for_anna(invited, zeno, anna)
    coordinator = persona(Role.COORDINATOR, pp)
    client = signed_in_client(coordinator)
    url = f"/cases/{invited.case_id}/members/put-back/"
    assert "Put back Zeno Zanetti" in client.get(url).content.decode()
    response = client.post(url, {"user": zeno.pk})
    assert response["Location"] == f"/cases/{invited.case_id}/"
    member = access.case_for(zeno, invited.case_id).member
    assert (member.organisation, member.side, member.is_lead) == (pp, "perpetrator", False)
    event = AuditEvent.objects.get(action="case.member_put_back")
    assert (event.actor_id, event.case_id) == (coordinator.pk, invited.case_id)
    assert "Put back Zeno Zanetti" not in client.get(url).content.decode()  # back already


def test_a_worker_who_left_is_offered_on_the_add_a_colleague_page_of_a_coordinator_member(
    invited, zeno, anna, pp, signed_in_client
):
    services.accept_invitation(actor=zeno, invitation=invited, member=zeno)
    coordinator = persona(Role.COORDINATOR, pp)
    services.add_member(actor=zeno, access=access.case_for(zeno, invited.case_id), user=coordinator)
    services.leave_case(actor=zeno, access=access.case_for(zeno, invited.case_id))
    client = signed_in_client(coordinator)
    body = client.get(f"/cases/{invited.case_id}/members/add/").content.decode()
    assert "Put back Zeno Zanetti" in body
    client.post(f"/cases/{invited.case_id}/members/put-back/", {"user": zeno.pk})
    assert access.case_for(zeno, invited.case_id).member.is_active is True


def test_a_worker_cannot_put_a_colleague_back(invited, zeno, anna, pp, signed_in_client):
    accepted_for_anna(invited, zeno, anna)
    response = signed_in_client(anna).post(
        f"/cases/{invited.case_id}/members/put-back/", {"user": zeno.pk}
    )
    assert response.status_code == 403
    assert not CaseMember.objects.filter(case=invited.case, user=zeno).exists()


def test_another_organisations_coordinator_cannot_put_him_back(
    invited, zeno, anna, vss, signed_in_client
):
    accepted_for_anna(invited, zeno, anna)
    url = f"/cases/{invited.case_id}/members/put-back/"
    # The inviting agency's coordinator sees the case's metadata, but he is not hers to seat.
    vss_coordinator = persona(Role.COORDINATOR, vss)
    client = signed_in_client(vss_coordinator)
    assert "Zeno Zanetti" not in client.get(url).content.decode()
    assert client.post(url, {"user": zeno.pk}).status_code == 400
    # A coordinator of an agency that takes no part learns nothing of the case.
    outsider = persona(Role.COORDINATOR, OrganisationFactory(kind=OrganisationKind.POLICE))
    assert signed_in_client(outsider).post(url, {"user": zeno.pk}).status_code == 404
    assert not CaseMember.objects.filter(case=invited.case, user=zeno).exists()
