"""Tokens for the API tests: issued through the service, as an administrator would."""

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from asap.api import services


def issue(organisation, role, *, actor=None, days=30, allowed="", name="Test system"):
    """A token (and its secret) for `organisation` acting as `role`."""
    from asap.accounts.models import Membership

    if actor is None:
        actor = Membership.objects.filter(organisation=organisation).first().user
    return services.issue_token(
        actor=actor,
        organisation=organisation,
        name=name,
        role=role,
        expires_at=timezone.now() + datetime.timedelta(days=days),
        allowed_addresses=allowed,
    )


def api_client(secret: str, **extra) -> Client:
    """A test client that sends `secret` as the bearer token on every request."""
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", **extra)


@pytest.fixture
def issue_token():
    return issue


# The personas who are members of the world's case, with the colleague (a member of the same
# organisation) who adds their token's account to it.
MEMBER_ADDED_BY = {
    "victim_side": "victim_side",
    "perpetrator_side": "perpetrator_side",
    "partner_contact": "perpetrator_side",
    "child_protection_lead": "perpetrator_side",
    "other_agency": "other_agency",
}


@dataclass
class ApiWorld:
    """The barrier's world (tests/cases/world.py) with one token per persona: the same
    organisation and role, and a case member exactly where the persona is one."""

    world: Any
    secrets: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, Any] = field(default_factory=dict)

    def client(self, who: str) -> Client:
        return api_client(self.secrets[who])


def build_api_world() -> ApiWorld:
    from asap.cases import access
    from asap.cases import services as case_services
    from tests.cases.world import build_world

    world = build_world()
    api_world = ApiWorld(world=world)
    for who, person in world.people.items():
        membership = person.memberships.filter(is_active=True).select_related("organisation")[0]
        token, secret = issue(
            membership.organisation, membership.role, actor=person, name=f"System of {who}"
        )
        api_world.tokens[who], api_world.secrets[who] = token, secret
        if who in MEMBER_ADDED_BY:
            colleague = world.people[MEMBER_ADDED_BY[who]]
            case_services.add_member(
                actor=colleague,
                access=access.case_for(colleague, world.case.pk),
                user=token.user,
            )
    return api_world


@pytest.fixture
def api_world(db):
    """The world of the barrier with a token for every persona (see ApiWorld)."""
    return build_api_world()
