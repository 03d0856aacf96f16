"""The administrators' pages for API tokens: the list, issuing (the secret shown once, in the
form's response only), revoking after a confirmation; no other role and no other
organisation's administrator reaches them."""

import datetime

import pytest
from django.utils import timezone

from asap.accounts import services as account_services
from asap.accounts.enums import Role
from asap.api.models import ApiToken
from asap.core.models import AuditEvent
from tests.api.conftest import api_client, issue
from tests.factories import persona

pytestmark = pytest.mark.django_db

LIST = "/organisation/api-tokens/"
CASES = "/api/v1/cases"


def _day(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _form(**changes):
    data = {
        "name": "Police referral system",
        "role": Role.CASE_WORKER,
        "expires_on": _day(30),
        "allowed_addresses": "",
    }
    data.update(changes)
    return data


def test_the_list_shows_each_token_with_its_last_use(administrator, vss, signed_in_client):
    token, secret = issue(vss, Role.COORDINATOR, actor=administrator, allowed="203.0.113.0/24")
    assert api_client(secret, REMOTE_ADDR="203.0.113.9").get(CASES).status_code == 200
    response = signed_in_client(administrator).get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    for expected in ("Test system", "Coordinator", f"asap_{token.prefix}_", "203.0.113.0/24"):
        assert expected in text
    assert "from 203.0.113.9" in text
    assert secret not in text
    assert "Issue a token" in text


def test_issuing_shows_the_secret_once_and_it_works(administrator, vss, signed_in_client):
    client = signed_in_client(administrator)
    response = client.post(LIST, _form(allowed_addresses="203.0.113.7\n\n10.1.0.0/16\n"))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    token = ApiToken.objects.get(name="Police referral system")
    assert (token.organisation, token.role, token.created_by) == (
        vss,
        Role.CASE_WORKER,
        administrator,
    )
    assert token.allowed_addresses == "203.0.113.7\n10.1.0.0/16"
    assert timezone.localtime(token.expires_at).date().isoformat() == _day(30)
    secret = response.context["secret"]
    assert secret in response.content.decode()
    assert api_client(secret, REMOTE_ADDR="203.0.113.7").get(CASES).status_code == 200
    # Shown once: neither the session, the list nor the audit row holds it.
    assert secret not in str(dict(client.session))
    assert secret not in client.get(LIST).content.decode()
    event = AuditEvent.objects.get(action="api_token.issue", object_id=str(token.pk))
    assert secret not in str(event.__dict__)


def test_the_form_defaults_to_ninety_days(administrator, signed_in_client):
    response = signed_in_client(administrator).get(LIST)
    assert response.context["form"]["expires_on"].value() == (
        timezone.localdate() + datetime.timedelta(days=90)
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"allowed_addresses": "203.0.113.7\nexample.org"}, "Line 2 (“example.org”)"),
        ({"allowed_addresses": "10.1.0.0/33"}, "Line 1 (“10.1.0.0/33”)"),
        ({"expires_on": 0}, "Choose a day after today."),
        ({"expires_on": 366}, "Choose a day at most a year from today."),
        ({"role": Role.ADMINISTRATOR}, "Select a valid choice."),
    ],
)
def test_a_refused_form_says_why_and_keeps_the_input(
    administrator, signed_in_client, changes, message
):
    # Days from today become dates as the test runs, not as it is collected: a run that
    # crosses midnight in Brussels moved "today" under a date fixed at collection.
    if "expires_on" in changes:
        changes = {**changes, "expires_on": _day(changes["expires_on"])}
    response = signed_in_client(administrator).post(LIST, _form(**changes))
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert 'value="Police referral system"' in text
    assert not ApiToken.objects.exists()


def test_revoking_asks_first_then_the_token_gets_401(administrator, vss, signed_in_client):
    token, secret = issue(vss, Role.CASE_WORKER, actor=administrator)
    client = signed_in_client(administrator)
    confirm = client.get(f"{LIST}{token.pk}/revoke/")
    assert confirm.status_code == 200
    assert "Revoke the token" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # a GET changes nothing
    response = client.post(f"{LIST}{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == administrator
    assert api_client(secret).get(CASES).status_code == 401
    # A revoked token is not revoked again.
    assert client.post(f"{LIST}{token.pk}/revoke/").status_code == 404


@pytest.fixture
def outsiders(vss, pp):
    """Everyone who must not reach the vss's tokens: its other roles and pp's administrator."""
    pp_admin = persona(Role.CASE_WORKER, pp)
    account_services.grant_role(actor=None, user=pp_admin, organisation=pp, role=Role.ADMINISTRATOR)
    return {
        "case worker": persona(Role.CASE_WORKER, vss),
        "data-protection officer": persona(Role.DATA_PROTECTION_OFFICER, vss),
        "coordinator": persona(Role.COORDINATOR, vss),
        "another organisation's administrator": pp_admin,
    }


def test_no_other_role_or_organisation_sees_or_revokes_a_token(
    administrator, vss, outsiders, signed_in_client
):
    token, secret = issue(vss, Role.CASE_WORKER, actor=administrator, name="Planted system name")
    for who, person in outsiders.items():
        client = signed_in_client(person)
        listed = client.get(LIST)
        if who == "another organisation's administrator":
            assert listed.status_code == 200, who  # the page of their own organisation
        else:
            assert listed.status_code in (403, 404), who
        assert "Planted system name" not in listed.content.decode(), who
        assert client.get(f"{LIST}{token.pk}/revoke/").status_code in (403, 404), who
        assert client.post(f"{LIST}{token.pk}/revoke/").status_code in (403, 404), who
        assert client.post(LIST, _form(name=f"Issued by {who}")).status_code in (200, 403, 404)
    token.refresh_from_db()
    assert token.revoked_at is None
    assert api_client(secret).get(CASES).status_code == 200
    # Only the other organisation's administrator issued one, and for their own organisation.
    issued = ApiToken.objects.exclude(pk=token.pk)
    assert [(t.name, t.organisation_id) for t in issued] == [
        (
            "Issued by another organisation's administrator",
            outsiders["another organisation's administrator"]
            .memberships.get(role=Role.ADMINISTRATOR)
            .organisation_id,
        )
    ]


def test_an_administrator_of_several_organisations_chooses_one(
    administrator, vss, pp, signed_in_client
):
    account_services.grant_role(
        actor=None, user=administrator, organisation=pp, role=Role.ADMINISTRATOR
    )
    vss_token, _ = issue(vss, Role.CASE_WORKER, actor=administrator, name="Shelter records")
    pp_token, _ = issue(pp, Role.CASE_WORKER, actor=administrator, name="Programme records")
    client = signed_in_client(administrator)
    shown = client.get(f"{LIST}?organisation={vss.pk}").content.decode()
    assert "Shelter records" in shown
    assert "Programme records" not in shown
    shown = client.get(f"{LIST}?organisation={pp.pk}").content.decode()
    assert "Programme records" in shown
    assert "Shelter records" not in shown
    response = client.post(f"{LIST}?organisation={vss.pk}", _form(name="Second shelter system"))
    assert response.status_code == 200
    assert ApiToken.objects.get(name="Second shelter system").organisation == vss
    # Another organisation's tokens stay out of reach, however asked for.
    elsewhere = persona(Role.CASE_WORKER).memberships.get().organisation
    assert client.get(f"{LIST}?organisation={elsewhere.pk}").status_code == 404
    assert client.post(f"{LIST}?organisation={elsewhere.pk}", _form()).status_code == 404
    assert client.post(f"{LIST}{pp_token.pk}/revoke/").status_code == 302
    assert client.post(f"{LIST}{vss_token.pk}/revoke/").status_code == 302
    assert ApiToken.objects.filter(revoked_at__isnull=False).count() == 2
