"""The new list pages run the same number of queries for one item as for three."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from asap.accounts import security, services
from asap.accounts.enums import Role
from tests.factories import persona


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_activity_page_at_one_and_three_events(signed_in_client, vss_worker):
    client = signed_in_client(vss_worker)
    one = _queries(client, "/accounts/activity/")
    for _n in range(2):
        security.log_event(user=vss_worker, action="security.password_changed")
    assert _queries(client, "/accounts/activity/") == one


@pytest.mark.django_db
def test_the_members_page_at_one_and_three_members(signed_in_client, vss_admin, vss):
    client = signed_in_client(vss_admin)
    one = _queries(client, "/organisation/members/")
    for _n in range(2):
        services.grant_role(
            actor=None, user=persona(Role.TRAINER), organisation=vss, role=Role.CASE_WORKER
        )
    assert _queries(client, "/organisation/members/") == one


@pytest.mark.django_db
def test_the_sessions_page_at_one_and_three_sessions(signed_in_client, vss_worker):
    from asap.accounts.models import SessionRecord

    client = signed_in_client(vss_worker)
    one = _queries(client, "/accounts/sessions/")
    for n in range(2):
        SessionRecord.objects.create(user=vss_worker, key_hash=f"{n:064d}")
    assert _queries(client, "/accounts/sessions/") == one
