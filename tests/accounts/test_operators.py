"""Platform operators: made only from the command line; alone in the Django admin, which shows
no secret and audits each change."""

import importlib
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command

from asap.accounts.enums import Role
from asap.accounts.models import User
from asap.core.models import AuditEvent
from asap.core.scopes import is_case_content
from tests.factories import persona


@pytest.mark.django_db
def test_operator_add_creates_an_account_and_prints_a_single_use_link():
    out = StringIO()
    call_command("operator", "add", "ops@example.org", "--site", "https://asap.test", stdout=out)
    user = User.objects.get(email="ops@example.org")
    assert (user.is_operator, user.is_staff, user.is_superuser) == (True, True, True)
    assert not user.has_usable_password()
    assert "https://asap.test/accounts/password/reset/key/" in out.getvalue()
    assert AuditEvent.objects.filter(action="operator.add", object_id=str(user.pk)).count() == 1


@pytest.mark.django_db
def test_operator_add_flags_an_existing_account(vss_worker):
    call_command("operator", "add", vss_worker.email, stdout=StringIO())
    vss_worker.refresh_from_db()
    assert vss_worker.is_operator
    assert vss_worker.has_usable_password()


@pytest.mark.django_db
def test_the_data_migration_clears_superuser_status_of_everyone_but_operators(operator):
    former = persona(Role.ADMINISTRATOR)
    User.objects.filter(pk=former.pk).update(is_staff=True, is_superuser=True)
    migration = importlib.import_module(
        "asap.accounts.migrations.0004_superuser_only_for_operators"
    )
    migration.clear_flags(apps, None)
    former.refresh_from_db()
    operator.refresh_from_db()
    assert (former.is_staff, former.is_superuser) == (False, False)
    assert (operator.is_staff, operator.is_superuser) == (True, True)


def test_the_admin_registers_no_case_content_and_no_authenticator():
    import asap.urls  # noqa: F401 — the URL module restricts the admin site

    registered = set(admin.site._registry)
    assert Authenticator not in registered
    assert [model for model in registered if is_case_content(model)] == []
    assert {m._meta.label for m in registered} == {
        "accounts.Organisation",
        "accounts.User",
        "django_tasks_database.DBTaskResult",  # the task queue, which operators run
    }


@pytest.mark.django_db
def test_an_operator_without_an_authenticator_is_sent_to_set_one_up(client):
    from asap.accounts import services

    user, _created = services.add_operator(email="o@example.org")
    user.set_password("a-long-operator-password")
    user.save()
    client.post("/accounts/login/", {"login": user.email, "password": "a-long-operator-password"})
    assert client.get("/admin/")["Location"] == "/accounts/2fa/totp/activate/"


@pytest.mark.django_db
def test_the_admin_user_page_shows_no_password_hash_and_audits_a_change(
    signed_in_client, operator, child_lead
):
    client = signed_in_client(operator)
    page = client.get(f"/admin/accounts/user/{child_lead.pk}/change/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "argon2" not in text
    assert child_lead.password not in text
    assert 'name="password' not in text
    assert "/password/" not in text

    response = client.post(
        f"/admin/accounts/user/{child_lead.pk}/change/",
        {
            "email": child_lead.email,
            "full_name": "Renamed Lead",
            "language": "",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": child_lead.memberships.get().pk,
            "memberships-0-user": child_lead.pk,
            "memberships-0-organisation": child_lead.memberships.get().organisation_id,
            "memberships-0-role": Role.CHILD_PROTECTION_LEAD,
            "memberships-0-is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = AuditEvent.objects.get(action="admin.change", object_id=str(child_lead.pk))
    assert (row.actor, row.fields) == (operator, ["full_name"])


@pytest.mark.django_db
def test_an_operator_adds_a_first_administrator_who_is_invited_without_a_password(
    signed_in_client, operator, mailoutbox, django_capture_on_commit_callbacks
):
    client = signed_in_client(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/accounts/user/add/",
            {
                "email": "first.admin@example.org",
                "full_name": "First Admin",
                "language": "",
                "is_active": "on",
                "memberships-TOTAL_FORMS": "0",
                "memberships-INITIAL_FORMS": "0",
                "memberships-MIN_NUM_FORMS": "0",
                "memberships-MAX_NUM_FORMS": "1000",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="first.admin@example.org")
    assert not user.has_usable_password()
    assert not user.is_operator
    assert [m.to for m in mailoutbox if "/accounts/password/reset/key/" in m.body] == [[user.email]]
    assert AuditEvent.objects.filter(action="admin.add", object_id=str(user.pk)).count() == 1


@pytest.mark.django_db
def test_a_bulk_delete_in_the_admin_is_audited(signed_in_client, operator):
    from tests.factories import OrganisationFactory

    doomed = OrganisationFactory()
    response = signed_in_client(operator).post(
        "/admin/accounts/organisation/",
        {"action": "delete_selected", "_selected_action": [doomed.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="admin.delete", object_id=str(doomed.pk)).count() == 1
