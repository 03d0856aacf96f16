"""Issuing, revoking and checking API tokens. Each write leaves its audit row in the same
transaction; the secret is shown once and only its SHA-256 is kept."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from asap.accounts.models import Membership, Organisation, User
from asap.api.models import SYSTEM_EMAIL_DOMAIN, ApiToken
from asap.core import audit

# The tokens' public marker, not a secret.
TOKEN_PREFIX = "asap"  # noqa: S105  # nosec B105
# last_used_at is written at most once a minute, not on every call.
TOUCH_EVERY = timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    role: str,
    expires_at: datetime,
    allowed_addresses: str = "",
) -> tuple[ApiToken, str]:
    """Issue a token for the system `name`, acting in `organisation` as `role`; returns the
    token and its secret (shown once, never stored). Side effects: the system account and its
    membership; audit row `api_token.issue`."""
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        user = User.objects.create_user(
            email=f"api-{prefix}@{SYSTEM_EMAIL_DOMAIN}",
            password=None,
            full_name=f"API: {name}"[:150],
            work_digest=False,
        )
        Membership.objects.create(user=user, organisation=organisation, role=role)
        token = ApiToken.objects.create(
            organisation=organisation,
            user=user,
            name=name,
            role=role,
            prefix=prefix,
            digest=_digest(secret),
            allowed_addresses=allowed_addresses.strip(),
            expires_at=expires_at,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="api_token.issue",
            obj=token,
            organisation_id=organisation.pk,
            fields=["name", "role", "expires_at", "allowed_addresses"],
        )
    return token, secret


def revoke_token(*, actor: User, token: ApiToken) -> None:
    """Revoke `token` for good: its calls get 401 and its system account is deactivated.
    Side effect: audit row `api_token.revoke`."""
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.revoked_by = actor
            token.save(update_fields=["revoked_at", "revoked_by"])
        User.objects.filter(pk=token.user_id).update(is_active=False)
        audit.record(
            actor=actor,
            action="api_token.revoke",
            obj=token,
            organisation_id=token.organisation_id,
            fields=["revoked_at"],
        )


def find_token(secret: str) -> ApiToken | None:
    """The token whose secret is `secret`, revoked and expired ones included (the caller
    refuses them), or None. Compared in constant time."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = ApiToken.objects.filter(prefix=parts[1]).select_related("user", "organisation").first()
    if token is None or not hmac.compare_digest(token.digest, _digest(secret)):
        return None
    return token


def note_use(token: ApiToken, address: str | None) -> None:
    """Remember when and from where the token was last used (at most once a minute)."""
    now = timezone.now()
    recent = token.last_used_at and now - token.last_used_at < TOUCH_EVERY
    if recent and token.last_used_from == address:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_from=address)
    token.last_used_at, token.last_used_from = now, address
