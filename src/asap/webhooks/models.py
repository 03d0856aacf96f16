"""An organisation's webhook endpoints and every delivery made to them.

A delivery holds what its signed body is made of (event, case code, event id, time) and how
its attempts went; never a response body. The endpoint's secret is encrypted at rest under
the master keys (it belongs to the organisation, not to a case).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asap.accounts.models import Organisation
from asap.core.fields import EncryptedCharField
from asap.webhooks.enums import DeliveryStatus, EventKind


class WebhookEndpoint(models.Model):
    """An address of an organisation's own system that receives signed events."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="webhook_endpoints"
    )
    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("address"), max_length=500)
    secret = EncryptedCharField(_("signing secret"), editable=False)
    events = models.JSONField(_("events"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("deactivated"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        indexes = [
            models.Index(fields=["organisation", "is_active"], name="webhook_endpoint_org"),
        ]

    def __str__(self) -> str:
        return self.name

    def event_labels(self) -> list[str]:
        return [str(EventKind(kind).label) for kind in self.events if kind in EventKind.values]


class WebhookDelivery(models.Model):
    """One event sent (or to be sent) to one endpoint, with its attempts."""

    delivery_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=32, choices=EventKind.choices)
    case_code = models.CharField(_("case code"), max_length=16)
    event_id = models.UUIDField(_("event id"))
    occurred_at = models.DateTimeField(_("occurred"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    last_status_code = models.PositiveSmallIntegerField(_("last response"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_endpoint"),
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due"),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.case_code} → {self.endpoint_id}"
