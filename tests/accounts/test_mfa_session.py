"""The two-factor check remembered in the session (issue 19: no authenticator query on every
page), and forgotten when the person's last authenticator goes, in every session of theirs;
a session counts only the second factor it passed itself."""

import time
from datetime import timedelta
from types import SimpleNamespace
from unittest import mock

import pytest
from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from asap.accounts import security
from asap.accounts.enums import Role
from asap.accounts.models import SessionRecord
from asap.core.middleware import MFA_SESSION_KEY
from tests.accounts.conftest import sign_in_again
from tests.conftest import sign_in
from tests.factories import PASSWORD, current_code, enrol_totp, persona

pytestmark = pytest.mark.django_db

ENROLMENT = "/accounts/2fa/totp/activate/"


def authenticator_queries(client, path: str = "/") -> tuple[int, int]:
    """The status of `path` and how many times it asked for the user's authenticators."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response.status_code, sum('"mfa_authenticator"' in q["sql"] for q in captured)


def totp_of(user) -> int:
    return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).pk


def test_the_session_remembers_the_check_and_asks_no_more(vss_worker, signed_in_client):
    client = signed_in_client(vss_worker)
    assert client.get("/").status_code == 200
    # Remembered with the authenticator it passed.
    assert client.session[MFA_SESSION_KEY] == {"user": vss_worker.pk, "ids": [totp_of(vss_worker)]}
    assert authenticator_queries(client) == (200, 0)


def test_a_session_without_an_authenticator_is_never_counted_enrolled(client, vss_worker):
    person = persona(Role.CASE_WORKER, mfa=False)
    assert client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    for _attempt in range(2):
        assert client.get("/")["Location"] == ENROLMENT
        assert MFA_SESSION_KEY not in client.session
    # Planted: someone else's "enabled" (a session is never shared, but the memory names
    # its user) counts for nothing; so does the earlier memory (the user's id alone).
    for planted in ({"user": vss_worker.pk, "ids": [totp_of(vss_worker)]}, person.pk):
        session = client.session
        session[MFA_SESSION_KEY] = planted
        session.save()
        assert client.get("/")["Location"] == ENROLMENT
    # Enrolled now, elsewhere (this session began before, with the password alone): this
    # session never gave a code, so it is signed out, its session record closed as on any
    # sign-out, and sent to sign in again, which asks the code.
    session_key = client.session.session_key
    enrol_totp(person)
    response = client.get("/cases/")
    assert response["Location"] == "/accounts/login/?next=/cases/"
    assert "_auth_user_id" not in client.session
    record = SessionRecord.objects.get(key_hash=security.key_hash(session_key))
    assert record.end_reason == SessionRecord.EndReason.SIGNED_OUT
    page = client.get(response["Location"]).content.decode()
    assert "sign in again with your code" in page
    # The password alone leads to the code step, not in.
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/")["Location"].startswith("/accounts/login/")
    # With the code, in; remembered.
    sign_in(client, person)
    assert client.get("/").status_code == 200
    assert client.session[MFA_SESSION_KEY] == {"user": person.pk, "ids": [totp_of(person)]}


def test_enrolling_in_this_session_lets_this_session_through_and_no_other(
    client, django_capture_on_commit_callbacks
):
    person = persona(Role.CASE_WORKER, mfa=False)
    other = Client()
    for session in (client, other):
        session.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
        assert session.get("/")["Location"] == ENROLMENT
    assert client.get(ENROLMENT).status_code == 200
    secret = client.session["mfa.totp.secret"]
    # allauth signals after the commit (here after the response, as a test captures it).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ENROLMENT, {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=person, type="totp").exists()
    # The code of the new authenticator proves it: this session is through, though allauth's
    # records of it hold the password alone.
    records = get_authentication_records(SimpleNamespace(session=client.session), person)
    assert [record["method"] for record in records] == ["password"]
    assert client.get("/").status_code == 200
    assert client.session[MFA_SESSION_KEY] == {"user": person.pk, "ids": [totp_of(person)]}
    # Still through when the session's memory is checked again, a minute on.
    assert a_minute_on(client).status_code == 200
    assert client.session[MFA_SESSION_KEY] == {"user": person.pk, "ids": [totp_of(person)]}
    # The other session, signed in with the password alone, is not.
    assert other.get("/")["Location"] == "/accounts/login/?next=/"
    assert "_auth_user_id" not in other.session


def test_a_session_that_owes_the_code_sees_no_enrolment_page(client, vss_worker):
    person = persona(Role.CASE_WORKER, mfa=False)
    leaving = Client()
    for session in (client, leaving):
        session.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
        assert session.get("/accounts/2fa/").status_code == 200  # enrolment: open before
    # Added elsewhere, with recovery codes (planted: they would show on the codes page).
    enrol_totp(person)
    codes = RecoveryCodes.activate(person).get_unused_codes()
    # Planted: allauth's record of a code step, but someone else's (the records name their
    # user), counts for nothing.
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time()},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(vss_worker.pk)
    session.save()
    response = client.get("/accounts/2fa/recovery-codes/")
    assert response["Location"] == "/accounts/login/?next=/accounts/2fa/recovery-codes/"
    assert not any(code in response.content.decode() for code in codes)
    assert "_auth_user_id" not in client.session
    # Signing out is left alone: it signs out as usual.
    response = leaving.post("/accounts/logout/")
    assert response["Location"] == "/accounts/login/"  # no "sign in again with your code"
    assert "_auth_user_id" not in leaving.session
    assert "sign in again with your code" not in leaving.get("/accounts/login/").content.decode()


def test_removing_the_last_authenticator_here_sends_this_session_to_enrolment(
    vss_worker, signed_in_client, django_capture_on_commit_callbacks
):
    client = signed_in_client(vss_worker)
    assert client.get("/").status_code == 200
    assert client.session[MFA_SESSION_KEY]["user"] == vss_worker.pk
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
    assert colleague.session[MFA_SESSION_KEY]["user"] == pp_worker.pk
    assert authenticator_queries(colleague) == (200, 0)


def test_a_code_of_an_authenticator_since_removed_counts_for_nothing(vss_worker, pp_worker):
    laptop, colleague = Client(), Client()
    sign_in(laptop, vss_worker)
    sign_in(colleague, pp_worker)
    for client in (laptop, colleague):
        assert client.get("/").status_code == 200
    records = get_authentication_records(SimpleNamespace(session=laptop.session), vss_worker)
    assert "mfa" in [record["method"] for record in records]

    # Her authenticator removed (as an account recovery does), then a new one set up elsewhere:
    # the laptop's "mfa" record names the removed one.
    Authenticator.objects.filter(user=vss_worker).delete()
    enrol_totp(vss_worker)

    assert laptop.get("/")["Location"] == "/accounts/login/?next=/"
    assert "_auth_user_id" not in laptop.session
    # Signed in again with the new authenticator's code, she is through.
    sign_in(laptop, vss_worker)
    assert laptop.get("/").status_code == 200
    # Someone else's session is untouched.
    assert colleague.get("/").status_code == 200


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


def a_minute_on(client, path: str = "/"):
    """`path` a minute after the session's last write: its memory is checked again."""
    later = timezone.now() + timedelta(seconds=61)
    with mock.patch("django.utils.timezone.now", return_value=later):
        return client.get(path)


def test_a_session_of_an_authenticator_deleted_without_a_signal_owes_the_new_one(
    vss_worker, pp_worker
):
    laptop, colleague = Client(), Client()
    sign_in(laptop, vss_worker)
    sign_in(colleague, pp_worker)
    for client in (laptop, colleague):
        assert client.get("/").status_code == 200
    first = totp_of(vss_worker)
    assert laptop.session[MFA_SESSION_KEY] == {"user": vss_worker.pk, "ids": [first]}

    # Her authenticator deleted without a signal (a raw delete: no session forgets it), then
    # a new one set up elsewhere.
    Authenticator.objects.filter(user=vss_worker)._raw_delete(connection.alias)
    enrol_totp(vss_worker)
    assert totp_of(vss_worker) != first
    # One who signs in with the new one's code.
    phone = Client()
    sign_in(phone, vss_worker)
    assert phone.get("/").status_code == 200
    # Within the minute the laptop still remembers; at its next write it is asked again, and
    # the next page signs it out: it owes the new authenticator's code.
    assert laptop.get("/").status_code == 200
    assert a_minute_on(laptop)["Location"] == "/accounts/login/?next=/"
    assert "_auth_user_id" not in laptop.session
    # The phone passed the new one, and someone else's session passed theirs: both through.
    for client in (phone, colleague):
        assert a_minute_on(client).status_code == 200
        assert client.get("/").status_code == 200
        assert "_auth_user_id" in client.session
    assert phone.session[MFA_SESSION_KEY] == {"user": vss_worker.pk, "ids": [totp_of(vss_worker)]}


def test_the_earlier_memory_is_worked_out_again(vss_worker):
    laptop, phone = Client(), Client()
    for client in (laptop, phone):
        sign_in(client, vss_worker)
        assert client.get("/").status_code == 200
        # As a session remembered before the memory named its authenticators.
        session = client.session
        session[MFA_SESSION_KEY] = vss_worker.pk
        session.save()
    # The phone's authenticator is still hers: worked out again from allauth's record, with
    # one query, and remembered in the new form.
    assert authenticator_queries(phone) == (200, 1)
    assert phone.session[MFA_SESSION_KEY] == {"user": vss_worker.pk, "ids": [totp_of(vss_worker)]}
    # The laptop's was deleted without a signal and another set up: it owes the new one's code.
    Authenticator.objects.filter(user=vss_worker)._raw_delete(connection.alias)
    enrol_totp(vss_worker)
    assert laptop.get("/")["Location"] == "/accounts/login/?next=/"
    assert "_auth_user_id" not in laptop.session
