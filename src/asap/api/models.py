"""Tokens of the agencies' own systems (police referral, shelter records, statistics office).

A token is issued by an administrator for a named system and bound to their organisation and
one role. Each token has a system account of its own (`user`): a member of the organisation in
that role, which never signs in and is a case member only where it has been made one. The API
reads and writes as that account through the same door, policy, services and audit as a
person's pages, so a token reaches exactly what a colleague in that role would.
"""

import ipaddress

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asap.core.roles import Role

# The system accounts' addresses: a reserved top-level domain, never delivered (RFC 2606).
SYSTEM_EMAIL_DOMAIN = "system.invalid"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def of_organisation(self, organisation_id: int) -> "ApiTokenQuerySet":
        return self.filter(organisation_id=organisation_id)


class ApiToken(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("system account"),
        on_delete=models.PROTECT,
        related_name="api_token",
    )
    name = models.CharField(_("system"), max_length=200)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    prefix = models.CharField(_("token prefix"), max_length=16, unique=True)
    digest = models.CharField(max_length=64, editable=False)
    allowed_addresses = models.TextField(
        _("allowed addresses"),
        blank=True,
        help_text=_("One address or network per line (e.g. 203.0.113.7 or 10.1.0.0/16)."),
    )
    expires_at = models.DateTimeField(_("expires"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_from = models.GenericIPAddressField(_("last used from"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired

    def networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        return [
            ipaddress.ip_network(line.strip(), strict=False)
            for line in self.allowed_addresses.splitlines()
            if line.strip()
        ]

    def allows_address(self, address: str | None) -> bool:
        """Whether a call from `address` is allowed (any address when none are named)."""
        networks = self.networks()
        if not networks:
            return True
        try:
            ip = ipaddress.ip_address(address or "")
        except ValueError:
            return False
        return any(ip in network for network in networks)


class ApiCallCount(models.Model):
    """The calls of one token in one minute (`minute`: seconds since 1970 // 60), counted by
    the rate limit (`asap.api.auth`) with one atomic upsert per call, so that calls arriving at
    once on several servers are each counted. A token keeps only its current minute's row: the
    first call of a new minute deletes the older ones."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    minute = models.BigIntegerField()
    calls = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "minute"], name="api_call_count_token_minute")
        ]

    def __str__(self) -> str:
        return f"{self.token_id} @ {self.minute}: {self.calls}"
