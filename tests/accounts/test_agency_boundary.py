"""An administrator of the perpetrator programme reaches no user of the victim support service:
not in the platform's pages, not in the Django admin."""

import pytest

from asap.accounts.enums import Role
from asap.accounts.models import Membership, RecoveryRequest
from asap.core.models import AuditEvent


@pytest.mark.django_db
def test_pp_administrator_cannot_list_see_or_recover_the_vss_child_protection_lead(
    signed_in_client, pp_admin, child_lead, vss, pp_worker
):
    client = signed_in_client(pp_admin)
    lead_membership = child_lead.memberships.get()
    audit_rows_before = AuditEvent.objects.count()

    members = client.get("/organisation/members/")
    assert members.status_code == 200
    assert pp_worker.email in members.content.decode()  # the page lists his own people
    assert child_lead.email not in members.content.decode()

    refused = {
        "person": client.get(f"/organisation/members/{child_lead.pk}/").status_code,
        "activity": client.get(f"/organisation/members/{child_lead.pk}/activity/").status_code,
        "password": client.post(
            f"/organisation/members/{child_lead.pk}/recovery/", {"kind": "password"}
        ).status_code,
        "authenticators": client.post(
            f"/organisation/members/{child_lead.pk}/recovery/", {"kind": "authenticators"}
        ).status_code,
        "deactivate": client.post(f"/organisation/members/{child_lead.pk}/deactivate/").status_code,
        "end her role": client.post(
            "/organisation/members/", {"revoke": lead_membership.pk}
        ).status_code,
        "grant a role in her agency": client.post(
            "/organisation/members/",
            {"organisation": vss.pk, "email": child_lead.email, "role": Role.ADMINISTRATOR},
        ).status_code,
        "admin user list": client.get("/admin/accounts/user/").status_code,
        "admin user page": client.get(f"/admin/accounts/user/{child_lead.pk}/change/").status_code,
        "admin password": client.get(f"/admin/accounts/user/{child_lead.pk}/password/").status_code,
        "admin authenticators": client.get("/admin/mfa/authenticator/").status_code,
        "admin delete": client.post(
            f"/admin/accounts/user/{child_lead.pk}/delete/", {"post": "yes"}
        ).status_code,
    }

    assert {name: status for name, status in refused.items() if status not in (403, 404)} == {}
    lead_membership.refresh_from_db()
    child_lead.refresh_from_db()
    assert lead_membership.is_active
    assert child_lead.is_active
    assert child_lead.has_usable_password()
    assert RecoveryRequest.objects.count() == 0
    assert list(child_lead.memberships.values_list("role", flat=True)) == [
        Role.CHILD_PROTECTION_LEAD
    ]
    assert Membership.objects.filter(user=child_lead).count() == 1
    # Nothing written but the refusals themselves (asap.core.refusals), one a request.
    written = AuditEvent.objects.filter(seq__gt=audit_rows_before).exclude(
        action__startswith="security."
    )
    assert sorted(written.values_list("action", flat=True)) == ["access.refused"] * len(refused)


@pytest.mark.django_db
def test_vss_administrator_sees_his_own_people(signed_in_client, vss_admin, child_lead):
    client = signed_in_client(vss_admin)
    assert child_lead.email in client.get("/organisation/members/").content.decode()
    assert client.get(f"/organisation/members/{child_lead.pk}/").status_code == 200
    assert client.get(f"/organisation/members/{child_lead.pk}/activity/").status_code == 200


@pytest.mark.django_db
def test_a_person_with_a_role_in_another_agency_is_not_recoverable_by_one_agency_alone(
    signed_in_client, pp_admin, pp, child_lead
):
    from asap.accounts import services

    # Granting her a role in his own agency does not give him her account.
    services.grant_role(actor=pp_admin, user=child_lead, organisation=pp, role=Role.TRAINEE)
    client = signed_in_client(pp_admin)
    response = client.post(f"/organisation/members/{child_lead.pk}/recovery/", {"kind": "password"})
    assert response.status_code == 404
    assert RecoveryRequest.objects.count() == 0
