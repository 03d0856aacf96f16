"""A person's sessions: listed, ended one by one or everywhere; the idle timeout on a fixed
clock, logged when the browser comes back."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from asap.accounts.models import SecurityEvent, SessionRecord
from tests.accounts.conftest import sign_in_again
from tests.conftest import sign_in


@pytest.mark.django_db
def test_the_idle_timeout_ends_a_session_and_the_log_says_so(client, vss_worker):
    start = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=start):
        sign_in(client, vss_worker)
    assert settings.SESSION_COOKIE_AGE == 30 * 60

    # 29 minutes later: still signed in, and the clock starts again from this request.
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=29)):
        assert client.get("/accounts/activity/").status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=58)):
        assert client.get("/accounts/activity/").status_code == 200
    assert not SecurityEvent.objects.filter(action="security.session_idle_timeout").exists()

    # 31 idle minutes after the last request: the server no longer holds the session.
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=89)):
        response = client.get("/accounts/activity/")
    assert response["Location"].startswith("/accounts/login/")
    [_event] = SecurityEvent.objects.filter(user=vss_worker, action="security.session_idle_timeout")
    record = SessionRecord.objects.get(user=vss_worker)
    assert record.end_reason == SessionRecord.EndReason.IDLE

    sign_in_again(client, vss_worker)
    page = client.get("/accounts/activity/").content.decode()
    assert 'data-action="security.session_idle_timeout"' in page


@pytest.mark.django_db
def test_a_person_sees_and_ends_one_of_their_sessions(vss_worker):
    laptop, phone = Client(HTTP_USER_AGENT="Laptop"), Client(HTTP_USER_AGENT="Phone")
    sign_in(laptop, vss_worker)
    sign_in_again(phone, vss_worker)
    page = laptop.get("/accounts/sessions/").content.decode()
    assert "Laptop" in page
    assert "Phone" in page

    phone_record = SessionRecord.objects.get(user_agent="Phone")
    assert laptop.post("/accounts/sessions/", {"end": phone_record.pk}).status_code == 302
    assert phone.get("/accounts/activity/")["Location"].startswith("/accounts/login/")
    assert (
        'data-action="security.session_ended"' in laptop.get("/accounts/activity/").content.decode()
    )


@pytest.mark.django_db
def test_sign_out_everywhere_ends_every_session(vss_worker, pp_worker):
    laptop, phone, colleague = Client(), Client(), Client()
    sign_in(laptop, vss_worker)
    sign_in_again(phone, vss_worker)
    sign_in(colleague, pp_worker)

    response = laptop.post("/accounts/sessions/", {"everywhere": "1"})

    assert response["Location"] == "/accounts/login/"
    assert phone.get("/accounts/activity/")["Location"].startswith("/accounts/login/")
    assert laptop.get("/accounts/activity/")["Location"].startswith("/accounts/login/")
    assert colleague.get("/accounts/activity/").status_code == 200
    sign_in_again(laptop, vss_worker)
    page = laptop.get("/accounts/activity/").content.decode()
    assert 'data-action="security.sessions_ended_everywhere"' in page


@pytest.mark.django_db
def test_a_person_cannot_end_someone_elses_session(vss_worker, pp_worker):
    mine, theirs = Client(), Client()
    sign_in(mine, vss_worker)
    sign_in(theirs, pp_worker)
    their_record = SessionRecord.objects.get(user=pp_worker)
    assert mine.post("/accounts/sessions/", {"end": their_record.pk}).status_code == 404
    assert theirs.get("/accounts/activity/").status_code == 200


def session_writes(client, at) -> int:
    """Requests the activity page at `at`; how many times the session was written."""
    with (
        mock.patch("django.utils.timezone.now", return_value=at),
        CaptureQueriesContext(connection) as captured,
    ):
        assert client.get("/accounts/activity/").status_code == 200
    return sum('"django_session"' in q["sql"] and "UPDATE" in q["sql"] for q in captured)


@pytest.mark.django_db
def test_the_session_is_written_at_most_once_a_minute_and_still_ends_when_idle(client, vss_worker):
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    start = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=start):
        sign_in(client, vss_worker)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    def expiry():
        return Session.objects.get(session_key=key).expire_date

    # A minute after the last write: this request writes the session, moving its expiry.
    assert session_writes(client, start + timedelta(seconds=61)) == 1
    written_at = start + timedelta(seconds=61)
    assert expiry() == written_at + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    # Within the minute: no write, the expiry stays.
    assert session_writes(client, start + timedelta(seconds=90)) == 0
    assert session_writes(client, start + timedelta(seconds=120)) == 0
    assert expiry() == written_at + timedelta(seconds=settings.SESSION_COOKIE_AGE)

    # Used for an hour, once every 50 seconds: never ended, written every other request.
    at, writes = start + timedelta(seconds=120), 0
    for _step in range(72):
        at += timedelta(seconds=50)
        writes += session_writes(client, at)
    assert writes == 36
    assert not SecurityEvent.objects.filter(action="security.session_idle_timeout").exists()
    # The expiry counts from the last write: at most a minute before the timeout after the
    # last request, never after it.
    age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert at + age - timedelta(seconds=60) < expiry() <= at + age

    # Idle for the timeout after the last request: ended, and the security log says so
    # when the browser comes back.
    with mock.patch("django.utils.timezone.now", return_value=at + age):
        response = client.get("/accounts/activity/")
    assert response["Location"].startswith("/accounts/login/")
    [_event] = SecurityEvent.objects.filter(user=vss_worker, action="security.session_idle_timeout")
    assert SessionRecord.objects.get(user=vss_worker).end_reason == SessionRecord.EndReason.IDLE
