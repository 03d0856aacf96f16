"""The two-factor check remembered in the session (issue 19: no authenticator query on every
page), and forgotten when the person's last authenticator goes, in every session of theirs."""

from datetime import timedelta
from unittest import mock

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from asap.accounts.enums import Role
from asap.core.middleware import MFA_SESSION_KEY
from tests.accounts.conftest import sign_in_again
from tests.conftest import sign_in
from tests.factories import PASSWORD, enrol_totp, persona

pytestmark = pytest.mark.django_db

ENROLMENT = "/accounts/2fa/totp/activate/"


def authenticator_queries(client, path: str = "/") -> tuple[int, int]:
    """The status of `path` and how many times it asked for the user's authenticators."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response.status_code, sum('"mfa_authenticator"' in q["sql"] for q in captured)


def test_the_session_remembers_the_check_and_asks_no_more(vss_worker, signed_in_client):
    client = signed_in_client(vss_worker)
    assert client.get("/").status_code == 200
    assert client.session[MFA_SESSION_KEY] == vss_worker.pk
    assert authenticator_queries(client) == (200, 0)


def test_a_session_without_an_authenticator_is_never_counted_enrolled(client, vss_worker):
    person = persona(Role.CASE_WORKER, mfa=False)
    assert client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    for _attempt in range(2):
        assert client.get("/")["Location"] == ENROLMENT
        assert MFA_SESSION_KEY not in client.session
    # Planted: someone else's "enabled" (a session is never shared, but the memory names
    # its user) counts for nothing.
    session = client.session
    session[MFA_SESSION_KEY] = vss_worker.pk
    session.save()
    assert client.get("/")["Location"] == ENROLMENT
    # Enrolled now (this session began before): the database says so, and it is remembered.
    enrol_totp(person)
    assert client.get("/").status_code == 200
    assert client.session[MFA_SESSION_KEY] == person.pk


def test_removing_the_last_authenticator_here_sends_this_session_to_enrolment(
    vss_worker, signed_in_client, django_capture_on_commit_callbacks
):
    client = signed_in_client(vss_worker)
    assert client.get("/").status_code == 200
    assert client.session[MFA_SESSION_KEY] == vss_worker.pk
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/accounts/2fa/totp/deactivate/").status_code == 302
    assert not Authenticator.objects.filter(user=vss_worker).exists()
    assert MFA_SESSION_KEY not in client.session
    assert client.get("/")["Location"] == ENROLMENT


def test_removing_it_elsewhere_sends_every_session_of_theirs_to_enrolment(vss_worker, pp_worker):
    laptop, phone, colleague = Client(), Client(), Client()
    sign_in(laptop, vss_worker)
    sign_in_again(phone, vss_worker)
    sign_in(colleague, pp_worker)
    for client in (laptop, phone, colleague):
        assert client.get("/").status_code == 200
        assert MFA_SESSION_KEY in client.session
    laptop_expiry = laptop.session.get_expiry_date()

    # As an account recovery does: outside the person's requests.
    Authenticator.objects.filter(user=vss_worker).delete()

    for client in (laptop, phone):
        assert MFA_SESSION_KEY not in client.session
        assert client.get("/")["Location"] == ENROLMENT
    assert laptop.session.get_expiry_date() <= laptop_expiry + timedelta(minutes=1)
    # Someone else's session keeps its memory and its page.
    assert colleague.session[MFA_SESSION_KEY] == pp_worker.pk
    assert authenticator_queries(colleague) == (200, 0)


def test_the_memory_is_checked_again_when_the_session_is_written(vss_worker, signed_in_client):
    client = signed_in_client(vss_worker)
    assert client.get("/").status_code == 200
    # Gone without a signal (a raw delete): within the minute the session still remembers;
    # at its next write, a minute on at the latest, the database is asked again.
    Authenticator.objects.filter(user=vss_worker)._raw_delete(connection.alias)
    assert authenticator_queries(client) == (200, 0)
    later = timezone.now() + timedelta(seconds=61)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get("/")
    assert response["Location"] == ENROLMENT
    assert MFA_SESSION_KEY not in client.session
