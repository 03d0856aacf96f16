"""The API's only way in: a bearer token (never the session cookie of a person's browser).

A token that is unknown, revoked or expired gets 401; a call from an address the token does
not allow gets 403; a token over its rate gets 429 with `Retry-After`. A call that passes
acts as the token's system account (`request.user`) and leaves an audit row `api.call`
naming the operation, with the token's account as actor.
"""

import time
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from ninja.security import HttpBearer

from asap.accounts.security import client_details
from asap.api import services
from asap.api.models import ApiCallCount, ApiToken
from asap.core import audit

WINDOW_SECONDS = 60
# One statement counts the call and reads the minute's count (ApiCallCount's table). Needs
# INSERT ... ON CONFLICT ... RETURNING: PostgreSQL, or SQLite 3.35 or later.
COUNT_CALL = (
    'INSERT INTO "api_apicallcount" (token_id, minute, calls) VALUES (%s, %s, 1) '
    'ON CONFLICT (token_id, minute) DO UPDATE SET calls = "api_apicallcount".calls + 1 '
    "RETURNING calls"
)


class AddressRefusedError(Exception):
    """The token does not allow calls from this address."""


class RateLimitedError(Exception):
    """Too many calls from this token in the current window."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("rate limited")
        self.retry_after = retry_after


def count_call(token_id: int, minute: int) -> int:
    """Count one call of the token in `minute` and return the minute's calls so far, this one
    included. One statement (an insert that adds one to the existing row on conflict) counts
    and reads together, so calls arriving at once, on one server or several, are each counted
    exactly once and each sees its own number. The first call of a minute deletes the token's
    older minutes."""
    with connection.cursor() as cursor:
        cursor.execute(COUNT_CALL, [token_id, minute])
        (calls,) = cursor.fetchone()
    if calls == 1:
        ApiCallCount.objects.filter(token_id=token_id, minute__lt=minute).delete()
    return calls


def _check_rate(token: ApiToken, now: float | None = None) -> None:
    """A fixed window of a minute per token, counted in the database (so across servers)."""
    now = int(time.time() if now is None else now)
    minute = now // WINDOW_SECONDS
    if count_call(token.pk, minute) > settings.ASAP_API_RATE_PER_MINUTE:
        raise RateLimitedError(retry_after=(minute + 1) * WINDOW_SECONDS - now)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = services.find_token(token)
        if found is None or not found.is_usable or not found.user.is_active:
            return None
        address, _agent = client_details(request)
        if not found.allows_address(address):
            raise AddressRefusedError
        _check_rate(found)
        services.note_use(found, address)
        # The door, the policy and the services see the token's own account, never a
        # session's person.
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        audit.record(
            actor=found.user,
            action="api.call",
            object_type="api.operation",
            object_id=_operation_name(request)[:64],
            organisation_id=found.organisation_id,
            fields=[request.method or ""],
        )
        return found


def _operation_name(request: HttpRequest) -> str:
    match: Any = getattr(request, "resolver_match", None)
    return (match.url_name if match and match.url_name else request.path)[:100]
