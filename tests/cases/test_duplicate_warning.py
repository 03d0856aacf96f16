"""Opening a case for a couple whose names match an open case of the same organisation
warns and links to it (for who may open it); a case of another organisation is never
revealed: the response is the same, byte for byte apart from the CSRF token."""

import re

import pytest

from asap.accounts.enums import OrganisationKind, Role
from asap.cases import access, services
from asap.cases.models import JointCase
from tests.factories import OrganisationFactory, agreement_between, persona

pytestmark = pytest.mark.django_db

HER = "Anna-Maria Rossi"
HIM = "Marco Bianchi"


@pytest.fixture
def shelters():
    """Two shelters and a programme; the first shelter has the couple's case open, with the
    programme taking part."""
    vss = OrganisationFactory(name="Shelter A", kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
    other = OrganisationFactory(name="Shelter B", kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
    pp = OrganisationFactory(name="Programme", kind=OrganisationKind.PERPETRATOR_PROGRAMME)
    people = {
        "lead": persona(Role.CASE_WORKER, vss),
        "colleague": persona(Role.CASE_WORKER, vss),
        "coordinator_vss": persona(Role.COORDINATOR, vss),
        "other_shelter": persona(Role.CASE_WORKER, other),
        "perpetrator_side": persona(Role.CASE_WORKER, pp),
        "pp_colleague": persona(Role.CASE_WORKER, pp),
    }
    case = services.open_case(
        actor=people["lead"], organisation=vss, perpetrator_name=HIM, victim_name=HER
    )
    agreement_between(vss, pp)
    services.invite_agency(
        actor=people["lead"], access=access.case_for(people["lead"], case.pk), organisation=pp
    )
    invitation = access.invitations_for(people["perpetrator_side"]).get(organisation=pp)
    services.accept_invitation(
        actor=people["perpetrator_side"], invitation=invitation, member=people["perpetrator_side"]
    )
    return {"case": case, "people": people, "vss": vss, "other": other, "pp": pp}


def open_form(organisation, him: str = "", her: str = "", **extra) -> dict:
    return {
        "organisation": organisation.pk,
        "perpetrator_name": him,
        "victim_name": her,
        "phase": "referral",
        **extra,
    }


def without_csrf(body: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body.decode())


def test_a_member_is_warned_with_a_link_and_may_open_anyway(shelters, signed_in_client):
    client = signed_in_client(shelters["people"]["lead"])
    before = JointCase.objects.count()
    response = client.post("/cases/open/", open_form(shelters["vss"], "marco BIANCHI", "Eva Neri"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="duplicate-warning"' in body
    assert f'href="/cases/{shelters["case"].pk}/"' in body
    assert shelters["case"].code in body
    assert 'name="confirm_duplicate"' in body
    assert JointCase.objects.count() == before
    response = client.post(
        "/cases/open/",
        open_form(shelters["vss"], "marco BIANCHI", "Eva Neri", confirm_duplicate="on"),
    )
    assert response.status_code == 302
    assert JointCase.objects.count() == before + 1


def test_the_victim_side_is_warned_by_her_name_alone(shelters, signed_in_client):
    client = signed_in_client(shelters["people"]["lead"])
    response = client.post("/cases/open/", open_form(shelters["vss"], "Someone Else", "rossi anna"))
    assert 'id="duplicate-warning"' in response.content.decode()


def test_a_colleague_who_is_not_a_member_is_warned_without_the_case(shelters, signed_in_client):
    client = signed_in_client(shelters["people"]["colleague"])
    response = client.post("/cases/open/", open_form(shelters["vss"], HIM, HER))
    body = response.content.decode()
    assert 'id="duplicate-warning"' in body
    assert shelters["case"].code not in body
    assert f"/cases/{shelters['case'].pk}/" not in body


def test_the_perpetrator_side_is_warned_by_his_name_never_by_hers(shelters, signed_in_client):
    client = signed_in_client(shelters["people"]["pp_colleague"])
    # Her name alone: the programme's worker would learn that her name is on one of their
    # cases, which they may not read. Opened without a warning.
    response = client.post("/cases/open/", open_form(shelters["pp"], "Luca Verdi", HER))
    assert response.status_code == 302
    response = client.post("/cases/open/", open_form(shelters["pp"], HIM, "Eva Neri"))
    body = response.content.decode()
    assert 'id="duplicate-warning"' in body
    assert shelters["case"].code not in body  # not a member of it


def test_a_closed_case_does_not_warn(shelters, signed_in_client):
    JointCase.objects.filter(pk=shelters["case"].pk).update(status="closed")
    client = signed_in_client(shelters["people"]["lead"])
    response = client.post("/cases/open/", open_form(shelters["vss"], HIM, HER))
    assert response.status_code == 302


def test_a_case_of_another_organisation_is_never_revealed(shelters, signed_in_client):
    """The other shelter opens the same couple: no warning, and the warning its own case
    gives is the same whether the first shelter's case exists or not."""
    people, other = shelters["people"], shelters["other"]
    client = signed_in_client(people["other_shelter"])
    client.get("/cases/")  # the sign-in's message is shown once, here
    response = client.post("/cases/open/", open_form(other, HIM, HER))
    assert response.status_code == 302
    own = JointCase.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))
    # Now the other shelter has an open case of the couple too: its warning names its own.
    first = client.post("/cases/open/", open_form(other, HIM, HER))
    assert own.code in first.content.decode()
    JointCase.objects.filter(pk=shelters["case"].pk).update(status="closed")
    second = client.post("/cases/open/", open_form(other, HIM, HER))
    assert first.status_code == second.status_code == 200
    assert without_csrf(first.content) == without_csrf(second.content)
    for response in (first, second):
        body = response.content.decode()
        assert shelters["case"].code not in body
        assert "Shelter A" not in body
