"""Administrators grant and end roles after re-authenticating; each change is audited."""

import pytest
from django.test import Client

from asap.accounts.enums import Role
from asap.accounts.models import Membership
from asap.core.models import AuditEvent
from tests.conftest import force_login_past_mfa
from tests.factories import persona


@pytest.mark.django_db
def test_granting_a_role_creates_the_account_and_leaves_an_audit_row(
    signed_in_client, administrator, vss
):
    client = signed_in_client(administrator)
    response = client.post(
        "/organisation/members/",
        {
            "organisation": vss.pk,
            "email": "new.colleague@example.org",
            "full_name": "New Colleague",
            "role": Role.PARTNER_CONTACT,
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="new.colleague@example.org")
    assert (membership.organisation, membership.role) == (vss, Role.PARTNER_CONTACT)
    assert (
        AuditEvent.objects.filter(
            action="membership.grant", object_id=str(membership.pk), actor=administrator
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_a_role_change_needs_a_fresh_re_authentication(administrator, vss):
    client = Client()
    force_login_past_mfa(client, administrator)  # signed in, no recent re-authentication
    response = client.post(
        "/organisation/members/",
        {"organisation": vss.pk, "email": "x@example.org", "full_name": "", "role": "trainer"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not Membership.objects.filter(user__email="x@example.org").exists()


@pytest.mark.django_db
def test_an_invalid_grant_keeps_the_input_and_says_what_is_wrong(
    signed_in_client, administrator, vss
):
    response = signed_in_client(administrator).post(
        "/organisation/members/",
        {
            "organisation": vss.pk,
            "email": "not-an-address",
            "full_name": "Kept Name",
            "role": Role.TRAINER,
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter a valid email address." in text
    assert 'value="Kept Name"' in text
    assert 'value="not-an-address"' in text


@pytest.mark.django_db
def test_an_administrator_cannot_grant_roles_in_another_organisation(
    signed_in_client, administrator
):
    other = persona(Role.CASE_WORKER).memberships.get().organisation
    response = signed_in_client(administrator).post(
        "/organisation/members/",
        {"organisation": other.pk, "email": "y@example.org", "full_name": "", "role": "trainer"},
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user__email="y@example.org").exists()


@pytest.mark.django_db
def test_the_administrator_role_makes_no_superuser(administrator):
    administrator.refresh_from_db()
    assert (administrator.is_staff, administrator.is_superuser, administrator.is_operator) == (
        False,
        False,
        False,
    )
