"""Mandatory MFA, lockout after repeated wrong passwords, idle timeout, the home page."""

import pytest
from django.conf import settings

from asap.accounts.enums import Role
from tests.conftest import sign_in
from tests.factories import PASSWORD, persona


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/audit/", "/organisation/members/", "/admin/"])
def test_a_user_without_mfa_reaches_nothing_but_enrolment(client, path):
    user = persona(Role.DATA_PROTECTION_OFFICER, mfa=False)
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200


@pytest.mark.django_db
def test_a_user_with_mfa_must_give_a_code_before_anything(client, vss_worker):
    response = client.post("/accounts/login/", {"login": vss_worker.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/")["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_the_home_page_says_what_each_role_can_do_next(signed_in_client, dpo):
    response = signed_in_client(dpo).get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Data-protection officer" in text
    assert 'href="/audit/"' in text


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account_for_a_while(client, vss_worker):
    for _attempt in range(5):
        response = client.post("/accounts/login/", {"login": vss_worker.email, "password": "wrong"})
        assert response.status_code == 200

    response = client.post("/accounts/login/", {"login": vss_worker.email, "password": PASSWORD})

    assert response.status_code == 200  # the form again, not a redirect into the platform
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get("/")["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_the_session_expires_after_the_idle_timeout(client, vss_worker):
    sign_in(client, vss_worker)
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    session = client.session
    session.set_expiry(-1)
    session.save()
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_passwords_are_hashed_with_argon2():
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
