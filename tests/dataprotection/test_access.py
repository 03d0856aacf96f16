"""Only data-protection officers reach these pages; sensitive steps need a fresh password."""

import pytest
from django.test import Client
from django.urls import reverse

from asap.accounts.enums import Role
from tests.conftest import force_login_past_mfa, sign_in
from tests.factories import persona

pytestmark = pytest.mark.django_db

PAGES = [
    "index",
    "retention",
    "erasure",
    "subject_access",
    "find",
    "decide",
    "register",
    "activity_new",
    "breaches",
    "breach_new",
]
# What a stale session (signed in long ago) may not do without confirming the password.
REAUTH_GET = ["erasure", "subject_access", "find", "decide"]
REAUTH_POST = [*PAGES[1:6], "register", "activity_new", "breach_new"]


@pytest.mark.parametrize(
    "role",
    [
        Role.CASE_WORKER,
        Role.PARTNER_CONTACT,
        Role.CHILD_PROTECTION_LEAD,
        Role.COORDINATOR,
        Role.TRAINER,
        Role.ADMINISTRATOR,
    ],
)
def test_other_roles_are_refused_every_page(role, vss):
    client = Client()
    sign_in(client, persona(role, vss))
    statuses = {name: client.get(reverse(f"dataprotection:{name}")).status_code for name in PAGES}
    assert statuses == dict.fromkeys(PAGES, 403)
    response = client.post(reverse("dataprotection:apply", args=[1]), {"confirm": "on"})
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in():
    response = Client().get(reverse("dataprotection:index"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_officer_reaches_every_page(dpo, signed_in_client):
    client = signed_in_client(dpo)
    statuses = {name: client.get(reverse(f"dataprotection:{name}")).status_code for name in PAGES}
    assert statuses == dict.fromkeys(PAGES, 200)


def test_a_stale_session_is_sent_to_re_authenticate(dpo):
    client = Client()
    force_login_past_mfa(client, dpo)
    assert client.get(reverse("dataprotection:index")).status_code == 200
    for name in REAUTH_GET:
        response = client.get(reverse(f"dataprotection:{name}"))
        assert response.status_code == 302, name
        assert response["Location"].startswith("/accounts/reauthenticate/"), name
    for name in REAUTH_POST:
        response = client.post(reverse(f"dataprotection:{name}"), {})
        assert response.status_code == 302, name
        assert response["Location"].startswith("/accounts/reauthenticate/"), name
    response = client.post(reverse("dataprotection:apply", args=[1]), {"confirm": "on"})
    assert response["Location"].startswith("/accounts/reauthenticate/")


def test_the_overview_shows_the_decisions_in_its_body_once_and_not_in_its_title(
    dpo, signed_in_client
):
    page = signed_in_client(dpo).get(reverse("dataprotection:index")).content.decode()
    title = page[page.index("<title>") : page.index("</title>")]
    assert "<table" not in title
    assert page.count('id="decisions-heading"') == 1
