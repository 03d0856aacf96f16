"""Personas of the account tests: two agencies, each with its own administrators."""

import pytest
from django.test import Client

from asap.accounts import services
from asap.accounts.enums import Role
from tests.conftest import reauthenticate
from tests.factories import PASSWORD, current_code, enrol_totp, persona, totp_secret_for


def _admin_of(organisation):
    return persona(Role.ADMINISTRATOR, organisation)


@pytest.fixture
def pp_admin(pp):
    return _admin_of(pp)


@pytest.fixture
def vss_admin(vss):
    return _admin_of(vss)


@pytest.fixture
def second_vss_admin(vss):
    return _admin_of(vss)


@pytest.fixture
def child_lead(vss):
    """The victim support service's child-protection lead."""
    return persona(Role.CHILD_PROTECTION_LEAD, vss)


@pytest.fixture
def operator(db):
    user, _created = services.add_operator(email="operator@example.org")
    user.set_password(PASSWORD)
    user.save()
    enrol_totp(user)
    return user


def sign_in_again(client: Client, user) -> None:
    """Sign in once more within the same minute. A code is refused once used, so try the
    codes of the neighbouring 30-second steps (all accepted, MFA_TOTP_TOLERANCE = 1) until
    one was not used yet; this holds across a step boundary."""
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    for offset in (1, 0, -1):
        code = current_code(totp_secret_for(user), offset=offset)
        response = client.post("/accounts/2fa/authenticate/", {"code": code})
        if response.status_code == 302:
            break
    assert response.status_code == 302, response.content[:500]
    reauthenticate(client)
