"""Account recovery: an administrator of the person's organisation, re-authenticated; four
eyes for a person on the victim side; the person enrols two-factor authentication again."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from asap.accounts.enums import Role
from asap.accounts.models import RecoveryRequest
from tests.accounts.conftest import sign_in_again
from tests.conftest import force_login_past_mfa, sign_in
from tests.factories import PASSWORD, enrol_totp, persona


def _ask(client, person, kind="authenticators"):
    return client.post(f"/organisation/members/{person.pk}/recovery/", {"kind": kind})


@pytest.mark.django_db
def test_recovery_asks_for_a_fresh_re_authentication(vss_admin, child_lead):
    client = Client()
    force_login_past_mfa(client, vss_admin)
    response = _ask(client, child_lead)
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert RecoveryRequest.objects.count() == 0


@pytest.mark.django_db
def test_victim_side_recovery_waits_for_a_second_administrator(
    signed_in_client, vss_admin, second_vss_admin, child_lead, django_capture_on_commit_callbacks
):
    worker_client = Client()
    sign_in(worker_client, child_lead)
    first = signed_in_client(vss_admin)

    assert _ask(first, child_lead).status_code == 302
    recovery = RecoveryRequest.objects.get()
    assert (recovery.state, recovery.needs_second_approval) == ("pending", True)
    assert Authenticator.objects.filter(user=child_lead).exists()  # nothing happened yet
    assert worker_client.get("/accounts/activity/").status_code == 200

    # The requester cannot approve his own request.
    response = first.post(f"/organisation/recovery/{recovery.pk}/", {"approve": "1"})
    assert response.status_code == 403
    recovery.refresh_from_db()
    assert recovery.state == "pending"
    assert Authenticator.objects.filter(user=child_lead).exists()

    second = signed_in_client(second_vss_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = second.post(f"/organisation/recovery/{recovery.pk}/", {"approve": "1"})
    assert response.status_code == 302
    recovery.refresh_from_db()
    assert (recovery.state, recovery.approved_by) == ("completed", second_vss_admin)
    assert not Authenticator.objects.filter(user=child_lead).exists()
    # Her sessions ended: she signs in again and must enrol two-factor authentication first.
    assert worker_client.get("/accounts/activity/")["Location"].startswith("/accounts/login/")
    assert not [
        s
        for s in Session.objects.all()
        if s.get_decoded().get("_auth_user_id") == str(child_lead.pk)
    ]
    response = worker_client.post(
        "/accounts/login/", {"login": child_lead.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert worker_client.get("/accounts/activity/")["Location"] == "/accounts/2fa/totp/activate/"

    # Enrolled again, she reads on her own page what happened to her account.
    enrol_totp(child_lead)
    client = Client()
    sign_in_again(client, child_lead)
    page = client.get("/accounts/activity/").content.decode()
    for action in ["requested", "approved", "completed"]:
        assert f'data-action="security.recovery_{action}"' in page


@pytest.mark.django_db
def test_a_refused_recovery_changes_nothing(
    signed_in_client, vss_admin, second_vss_admin, child_lead
):
    _ask(signed_in_client(vss_admin), child_lead, kind="password")
    recovery = RecoveryRequest.objects.get()
    response = signed_in_client(second_vss_admin).post(
        f"/organisation/recovery/{recovery.pk}/", {"refuse": "1"}
    )
    assert response.status_code == 302
    recovery.refresh_from_db()
    child_lead.refresh_from_db()
    assert (recovery.state, recovery.refused_by) == ("refused", second_vss_admin)
    assert child_lead.has_usable_password()
    assert Authenticator.objects.filter(user=child_lead).exists()
    client = Client()
    sign_in(client, child_lead)
    page = client.get("/accounts/activity/").content.decode()
    assert 'data-action="security.recovery_refused"' in page


@pytest.mark.django_db
def test_an_approval_after_24_hours_is_refused(
    signed_in_client, vss_admin, second_vss_admin, child_lead
):
    _ask(signed_in_client(vss_admin), child_lead)
    RecoveryRequest.objects.update(requested_at=timezone.now() - timedelta(hours=25))
    recovery = RecoveryRequest.objects.get()
    response = signed_in_client(second_vss_admin).post(
        f"/organisation/recovery/{recovery.pk}/", {"approve": "1"}
    )
    assert response.status_code == 404
    assert Authenticator.objects.filter(user=child_lead).exists()


@pytest.mark.django_db
def test_a_password_reset_outside_the_victim_side_completes_at_once_and_mails_a_link(
    signed_in_client, pp_admin, pp, mailoutbox, django_capture_on_commit_callbacks
):
    worker = persona(Role.CASE_WORKER, pp)
    client = signed_in_client(pp_admin)
    with django_capture_on_commit_callbacks(execute=True):
        assert _ask(client, worker, kind="password").status_code == 302
    worker.refresh_from_db()
    assert RecoveryRequest.objects.get().state == "completed"
    assert not worker.has_usable_password()
    assert not Authenticator.objects.filter(user=worker).exists()
    [mail] = mailoutbox
    assert mail.to == [worker.email]
    assert "/accounts/password/reset/key/" in mail.body
