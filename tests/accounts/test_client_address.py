"""Client addresses (issue 14, point 7): X-Forwarded-For is trusted only when
ASAP_TRUSTED_PROXY_COUNT says how many proxies set it (default 0), so a forged header can
neither dodge the per-address limit nor choose the address in the security log."""

import pytest
from django.core.cache import cache

from asap.accounts.models import SecurityEvent
from asap.core.roles import Role
from tests.factories import persona

pytestmark = pytest.mark.django_db
LIMIT = 30  # ACCOUNT_RATE_LIMITS: 30 sign-ins a minute, 30 failures in 15 minutes an address


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def test_no_proxy_is_trusted_unless_configured(settings):
    from django.conf import settings as live

    assert live.ALLAUTH_TRUSTED_PROXY_COUNT == 0


def test_a_forged_header_does_not_dodge_the_per_address_limit(client):
    workers = [persona(Role.CASE_WORKER, mfa=False) for _ in range(LIMIT + 1)]
    for number, worker in enumerate(workers[:LIMIT]):
        response = client.post(
            "/accounts/login/",
            {"login": worker.email, "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )
        assert response.status_code == 200
        assert "Too many failed login attempts" not in response.content.decode()
    response = client.post(
        "/accounts/login/",
        {"login": workers[LIMIT].email, "password": "wrong"},
        HTTP_X_FORWARDED_FOR="198.51.100.250",
    )
    refused = response.status_code == 429 or "Too many failed login attempts" in str(
        response.content
    )
    assert refused


def test_the_security_log_keeps_the_connecting_address_not_the_forged_one(client):
    worker = persona(Role.CASE_WORKER, mfa=False)
    client.post(
        "/accounts/login/",
        {"login": worker.email, "password": "wrong"},
        HTTP_X_FORWARDED_FOR="203.0.113.66",
        REMOTE_ADDR="192.0.2.10",
    )
    event = SecurityEvent.objects.get(user=worker, action="security.login_failed")
    assert event.ip_address == "192.0.2.10"


def test_behind_one_declared_proxy_the_address_it_reports_counts(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    worker = persona(Role.CASE_WORKER, mfa=False)
    client.post(
        "/accounts/login/",
        {"login": worker.email, "password": "wrong"},
        HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.7",
        REMOTE_ADDR="192.0.2.10",
    )
    event = SecurityEvent.objects.get(user=worker, action="security.login_failed")
    assert event.ip_address == "198.51.100.7"
