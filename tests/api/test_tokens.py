"""Tokens: 401 without a usable one, 403 from an address not allowed, 429 over the rate, and a
token acts as its own system account through the same door as a person."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from asap.accounts.enums import Role
from asap.api import services
from asap.api.models import ApiToken
from asap.cases import access
from asap.cases import services as case_services
from asap.core.models import AuditEvent
from tests.api.conftest import api_client, issue

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases"


@pytest.fixture
def case(vss, vss_worker):
    return case_services.open_case(
        actor=vss_worker,
        organisation=vss,
        perpetrator_name="Mario Rossi",
        victim_name="Anna Bianchi",
        programme_start=datetime.date(2026, 1, 12),
    )


def test_the_secret_is_kept_only_as_its_digest(vss, vss_worker):
    token, secret = issue(vss, Role.CASE_WORKER, actor=vss_worker)
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in (stored.digest, stored.prefix)
    assert stored.digest == services._digest(secret)
    assert services.find_token(secret) == token
    assert services.find_token(secret[:-1] + ("A" if secret[-1] != "A" else "B")) is None


def test_no_token_a_wrong_one_and_a_session_get_401(vss, vss_worker, case):
    assert Client().get(CASES).status_code == 401
    assert api_client("asap_00000000_nothing").get(CASES).status_code == 401
    # A person's signed-in browser session is not a token.
    from tests.conftest import sign_in

    browser = Client()
    sign_in(browser, vss_worker)
    assert browser.get("/").status_code == 200
    response = browser.get(CASES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_revoked_token_gets_401_and_its_account_is_closed(vss, vss_worker, case):
    token, secret = issue(vss, Role.CASE_WORKER, actor=vss_worker)
    assert api_client(secret).get(CASES).status_code == 200
    services.revoke_token(actor=vss_worker, token=token)
    assert api_client(secret).get(CASES).status_code == 401
    token.user.refresh_from_db()
    assert token.user.is_active is False
    assert AuditEvent.objects.filter(action="api_token.revoke", object_id=str(token.pk)).exists()


def test_an_expired_token_gets_401(vss, vss_worker):
    token, secret = issue(vss, Role.CASE_WORKER, actor=vss_worker)
    assert api_client(secret).get(CASES).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert api_client(secret).get(CASES).status_code == 401


def test_an_address_not_allowed_gets_403(vss, vss_worker):
    _token, secret = issue(vss, Role.CASE_WORKER, actor=vss_worker, allowed="203.0.113.0/24")
    assert api_client(secret, REMOTE_ADDR="198.51.100.9").get(CASES).status_code == 403
    assert api_client(secret, REMOTE_ADDR="203.0.113.7").get(CASES).status_code == 200


def test_over_the_rate_gets_429_with_retry_after(vss, vss_worker, settings):
    settings.ASAP_API_RATE_PER_MINUTE = 3
    _token, secret = issue(vss, Role.CASE_WORKER, actor=vss_worker)
    client = api_client(secret)
    statuses = [client.get(CASES).status_code for _ in range(4)]
    assert statuses[:3] == [200, 200, 200]
    response = client.get(CASES)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another token of the same organisation has its own count.
    _other, other_secret = issue(vss, Role.CASE_WORKER, actor=vss_worker, name="Other")
    assert api_client(other_secret).get(CASES).status_code == 200


def test_a_token_sees_the_cases_its_account_is_a_member_of(vss, vss_worker, case):
    token, secret = issue(vss, Role.CASE_WORKER, actor=vss_worker)
    client = api_client(secret)
    assert client.get(CASES).json()["items"] == []
    assert client.get(f"{CASES}/{case.pk}").status_code == 404
    case_services.add_member(
        actor=vss_worker, access=access.case_for(vss_worker, case.pk), user=token.user
    )
    listed = client.get(CASES).json()
    assert [item["code"] for item in listed["items"]] == [case.code]
    assert listed["items"][0]["side"] == "victim"
    detail = client.get(f"{CASES}/{case.pk}").json()
    assert detail["code"] == case.code
    call = AuditEvent.objects.filter(action="api.call", actor=token.user).order_by("seq").last()
    assert call.object_id == "case_detail"


def test_an_unrelated_organisations_token_gets_404(vss_worker, case, pp, coordinator):
    _token, secret = issue(pp, Role.COORDINATOR, actor=coordinator)
    assert api_client(secret).get(f"{CASES}/{case.pk}").status_code == 404


def test_the_system_account_cannot_sign_in(vss, vss_worker):
    token, secret = issue(vss, Role.CASE_WORKER, actor=vss_worker)
    assert not token.user.has_usable_password()
    client = Client()
    response = client.post("/accounts/login/", {"login": token.user.email, "password": secret})
    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in client.session
