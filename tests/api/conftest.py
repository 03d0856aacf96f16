"""Tokens for the API tests: issued through the service, as an administrator would."""

import datetime

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
