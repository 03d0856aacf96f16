"""A token's system account in the organisation's people pages: marked "API", with no
recovery or deactivation there (its token is revoked instead), and the recovery refuses it."""

import pytest
from django.core.exceptions import PermissionDenied

from asap.accounts import recovery
from asap.accounts import services as account_services
from asap.accounts.enums import Role
from asap.accounts.models import RecoveryRequest
from tests.api.conftest import api_client, issue
from tests.factories import persona

pytestmark = pytest.mark.django_db


@pytest.fixture
def pp_admin(pp):
    user = persona(Role.CASE_WORKER, pp)
    account_services.grant_role(actor=None, user=user, organisation=pp, role=Role.ADMINISTRATOR)
    return user


def test_the_people_pages_mark_the_account_and_offer_no_recovery(pp, pp_admin, signed_in_client):
    token, _secret = issue(pp, Role.CASE_WORKER, actor=pp_admin, name="Shelter records")
    colleague = persona(Role.CASE_WORKER, pp)
    client = signed_in_client(pp_admin)
    members = client.get("/organisation/members/").content.decode()
    assert "API: Shelter records" in members
    assert members.count(">API</span>") == 1  # the token's account, not the colleague
    page = client.get(f"/organisation/members/{token.user.pk}/").content.decode()
    assert "This is the account of an API token" in page
    assert "Account recovery" not in page
    assert "End every role in your organisations" not in page
    # A person of the same organisation still has both.
    person_page = client.get(f"/organisation/members/{colleague.pk}/").content.decode()
    assert "Account recovery" in person_page
    assert "This is the account of an API token" not in person_page


def test_recovery_and_deactivation_refuse_the_account(pp, pp_admin, signed_in_client):
    token, secret = issue(pp, Role.CASE_WORKER, actor=pp_admin)
    colleague = persona(Role.CASE_WORKER, pp)
    client = signed_in_client(pp_admin)
    # The same request recovers a person of the organisation at once (no victim side)...
    url = "/organisation/members/{}/recovery/"
    assert client.post(url.format(colleague.pk), {"kind": "password"}).status_code == 302
    assert RecoveryRequest.objects.get().state == RecoveryRequest.State.COMPLETED
    # ...and is refused for the token's account, through the page and the service.
    for kind in RecoveryRequest.Kind.values:
        assert client.post(url.format(token.user.pk), {"kind": kind}).status_code == 404
    with pytest.raises(PermissionDenied):
        recovery.request_recovery(actor=pp_admin, person=token.user, kind="password")
    assert not RecoveryRequest.objects.filter(person=token.user).exists()
    assert not recovery.recoverable_people(pp_admin).filter(pk=token.user.pk).exists()
    response = client.post(f"/organisation/members/{token.user.pk}/deactivate/")
    assert response.status_code == 404
    assert api_client(secret).get("/api/v1/cases").status_code == 200
