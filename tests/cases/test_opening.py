"""Opening a case favours the person at the keyboard: the name their side needs is required
(hers on the victim side, his on the perpetrator side), and the partner agency is invited in
the same submission, through the invitation's own checks."""

import re

import pytest

from asap.accounts.enums import OrganisationKind, Role
from asap.cases import access
from asap.cases.models import CaseAgency, JointCase, Person
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from tests.factories import OrganisationFactory, agreement_between, persona

pytestmark = pytest.mark.django_db


def field_tag(body: str, name: str) -> str:
    return re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*>', body)[0]


def opening(organisation, him: str = "", her: str = "", **extra) -> dict:
    return {
        "organisation": organisation.pk,
        "perpetrator_name": him,
        "victim_name": her,
        "phase": "referral",
        **extra,
    }


def test_on_the_victim_side_her_name_is_required_and_his_is_not(vss_worker, signed_in_client):
    body = signed_in_client(vss_worker).get("/cases/open/").content.decode()
    assert " required" in field_tag(body, "victim_name")
    assert " required" not in field_tag(body, "perpetrator_name")
    # Her name comes first, right after the agency.
    assert body.index('name="victim_name"') < body.index('name="perpetrator_name"')


def test_on_the_perpetrator_side_his_name_is_required_and_hers_is_not(pp_worker, signed_in_client):
    body = signed_in_client(pp_worker).get("/cases/open/").content.decode()
    assert " required" in field_tag(body, "perpetrator_name")
    assert " required" not in field_tag(body, "victim_name")


def test_the_victim_side_opens_a_case_with_her_name_only(vss, vss_worker, signed_in_client):
    response = signed_in_client(vss_worker).post("/cases/open/", opening(vss, her="Lucia Verdi"))
    case = JointCase.objects.get()
    assert response["Location"] == f"/cases/{case.pk}/"
    with named_scope("test"):
        names = {p.role: p.name for p in Person.objects.filter(case=case)}
    assert names == {"victim": "Lucia Verdi", "perpetrator": ""}


def test_the_perpetrator_side_cannot_open_without_his_name(pp, pp_worker, signed_in_client):
    response = signed_in_client(pp_worker).post("/cases/open/", opening(pp, her="Lucia Verdi"))
    body = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'id="id_perpetrator_name_error"[^>]*>This field is required', body)
    assert JointCase.objects.count() == 0


def test_the_required_name_follows_the_agency_chosen_not_the_first_one(signed_in_client):
    """A worker of a programme and of a support service: the agency submitted decides."""
    pp = OrganisationFactory(name="A Programme", kind=OrganisationKind.PERPETRATOR_PROGRAMME)
    vss = OrganisationFactory(name="B Shelter", kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
    worker = persona(Role.CASE_WORKER, pp)
    worker.memberships.create(organisation=vss, role=Role.CASE_WORKER)
    client = signed_in_client(worker)
    response = client.post("/cases/open/", opening(vss, him="Mario Neri"))
    assert response.status_code == 400
    assert 'id="id_victim_name_error"' in response.content.decode()
    assert client.post("/cases/open/", opening(pp, him="Mario Neri")).status_code == 302


def test_the_invite_choice_offers_only_agencies_with_an_agreement(
    vss, pp, vss_worker, signed_in_client
):
    stranger = OrganisationFactory(
        name="Programme Without Agreement", kind=OrganisationKind.PERPETRATOR_PROGRAMME
    )
    client = signed_in_client(vss_worker)
    assert 'name="invite"' not in client.get("/cases/open/").content.decode()  # no partner yet
    agreement_between(vss, pp)
    body = client.get("/cases/open/").content.decode()
    assert re.search(rf'<option value="{pp.pk}">{re.escape(pp.name)}</option>', body)
    assert stranger.name not in body


def test_opening_and_inviting_is_one_submission(
    vss, pp, vss_worker, signed_in_client, django_capture_on_commit_callbacks
):
    agreement_between(vss, pp)
    client = signed_in_client(vss_worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/cases/open/", opening(vss, him="Mario Neri", her="Lucia Verdi", invite=pp.pk)
        )
    case = JointCase.objects.get()
    assert response["Location"] == f"/cases/{case.pk}/"
    invitation = CaseAgency.objects.get(case=case, organisation=pp)
    assert (invitation.status, invitation.invited_by) == ("invited", vss_worker)
    actions = list(
        AuditEvent.objects.filter(case_id=case.pk).order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["case.open", "case.invite"]
    pp_worker = persona(Role.CASE_WORKER, pp)
    assert list(access.invitations_for(pp_worker)) == [invitation]


def test_an_agency_without_an_agreement_cannot_be_invited_by_a_forged_choice(
    vss, vss_worker, signed_in_client
):
    partner = OrganisationFactory(kind=OrganisationKind.POLICE)
    agreement_between(vss, partner)  # the choice is shown...
    stranger = OrganisationFactory(kind=OrganisationKind.PERPETRATOR_PROGRAMME)
    response = signed_in_client(vss_worker).post(
        "/cases/open/", opening(vss, her="Lucia Verdi", invite=stranger.pk)
    )
    assert response.status_code == 400
    assert 'id="id_invite_error"' in response.content.decode()
    assert JointCase.objects.count() == 0
    assert CaseAgency.objects.count() == 0


def test_the_invitations_own_check_refuses_and_nothing_is_opened(signed_in_client):
    """The partner has an agreement with the worker's other agency, not with the one opening:
    offered, but refused by `invite_agency`'s check, and the case is not opened either."""
    vss = OrganisationFactory(name="A Shelter", kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
    other = OrganisationFactory(name="B Shelter", kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
    pp = OrganisationFactory(name="Programme", kind=OrganisationKind.PERPETRATOR_PROGRAMME)
    worker = persona(Role.CASE_WORKER, vss)
    worker.memberships.create(organisation=other, role=Role.CASE_WORKER)
    agreement_between(other, pp)
    response = signed_in_client(worker).post(
        "/cases/open/", opening(vss, her="Lucia Verdi", invite=pp.pk)
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'id="id_invite_error"[^>]*>The case cannot share information', body)
    assert JointCase.objects.count() == 0
    assert CaseAgency.objects.count() == 0
    assert not AuditEvent.objects.filter(action__in=["case.open", "case.invite"]).exists()
