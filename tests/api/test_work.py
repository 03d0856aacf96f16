"""The work inbox through the API: the token's account's My work, the same items and policy as
the page (its own cases only, no content, its dismissals respected), paginated at a fixed
number of queries, audited like the page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from asap.cases import access
from asap.cases.enums import Compartment
from asap.core.models import AuditEvent
from asap.plans import services as plans
from asap.work import services as work
from asap.work.models import LastSeen
from asap.work.queries import items_for
from tests.api.crawl_work import operations

pytestmark = pytest.mark.django_db

INBOX = "/api/v1/work/inbox"


def every_page(client) -> list[dict]:
    first = client.get(INBOX).json()
    items = list(first["items"])
    for page in range(2, first["meta"]["pages"] + 1):
        items += client.get(INBOX, {"page": page}).json()["items"]
    return items


def add_actions(api_world, count: int, start: int = 0) -> None:
    """`count` joint actions on the world's case with the victim side's token's account
    responsible, each need and action a marked text that must not reach the inbox."""
    person = api_world.world.people["victim_side"]
    account = api_world.tokens["victim_side"].user
    case_access = access.case_for(person, api_world.world.case.pk)
    for n in range(start, start + count):
        plans.add_action(
            actor=person,
            access=case_access,
            need=f"INBOX-NEED-{n}",
            action=f"INBOX-ACTION-{n}",
            term=timezone.localdate() + datetime.timedelta(days=n % 30),
            responsible="Shelter",
            responsible_user=account,
            compartment=Compartment.JOINT,
        )


def test_each_token_gets_its_accounts_items_and_no_canary(api_world):
    assert set(operations(api_world.world)) == {"work_inbox"}
    for who, token in api_world.tokens.items():
        response = api_world.client(who).get(INBOX)
        assert response.status_code == 200, who
        body = response.content.decode()
        assert not any(c in body for c in api_world.world.canaries.values()), who
        expected = items_for(token.user)
        assert [i["key"] for i in response.json()["items"]] == [i.key for i in expected], who
    # The case's members have items (its alerts); nobody else has any.
    victim = api_world.client("victim_side").get(INBOX).json()["items"]
    assert victim
    assert {i["case_code"] for i in victim} == {api_world.world.case.code}
    assert {i["side"] for i in victim} == {"victim"}
    assert api_world.client("unrelated").get(INBOX).json()["items"] == []


def test_the_inbox_is_paginated_at_a_fixed_number_of_queries_and_carries_no_content(api_world):
    client = api_world.client("victim_side")
    add_actions(api_world, 5)
    client.get(INBOX)  # the token's last use is written once a minute, not counted

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(INBOX).status_code == 200
        return len(captured)

    few = queries_for_page()
    add_actions(api_world, 50, start=5)
    assert queries_for_page() == few
    first = client.get(INBOX).json()
    expected = items_for(api_world.tokens["victim_side"].user)
    assert first["meta"] == {"count": len(expected), "page": 1, "pages": 2}
    assert len(first["items"]) == 50
    items = every_page(client)
    assert [i["key"] for i in items] == [i.key for i in expected]
    assert sum(i["kind"] == "action" for i in items) == 55
    assert [i["due"] for i in items] == sorted(i["due"] for i in items)  # soonest first
    for page in [1, 2]:
        body = client.get(INBOX, {"page": page}).content.decode()
        assert "INBOX-NEED" not in body
        assert "INBOX-ACTION" not in body


def test_a_dismissed_item_leaves_the_inbox(api_world):
    add_actions(api_world, 1)
    account = api_world.tokens["victim_side"].user
    item = next(i for i in items_for(account) if i.kind == "action")
    client = api_world.client("victim_side")
    assert item.key in [i["key"] for i in client.get(INBOX).json()["items"]]
    work.dismiss_item(actor=account, item=item, reason="Done by phone")
    assert item.key not in [i["key"] for i in client.get(INBOX).json()["items"]]


def test_reading_the_inbox_is_audited_and_marks_nothing_seen(api_world):
    token = api_world.tokens["victim_side"]
    api_world.client("victim_side").get(INBOX)
    row = AuditEvent.objects.filter(action="work.list").latest("seq")
    assert row.actor_id == token.user_id
    assert row.organisation_id == token.organisation_id
    assert not LastSeen.objects.filter(user=token.user).exists()
    # An empty list reads nothing: no row.
    unrelated = api_world.tokens["unrelated"]
    api_world.client("unrelated").get(INBOX)
    assert not AuditEvent.objects.filter(action="work.list", actor=unrelated.user).exists()
