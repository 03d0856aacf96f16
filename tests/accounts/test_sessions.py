"""A person's sessions: listed, ended one by one or everywhere; the idle timeout on a fixed
clock, logged when the browser comes back."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
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
