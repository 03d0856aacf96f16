"""Registering and deactivating an organisation's webhook endpoints; deleting old deliveries."""

import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from asap.accounts.models import Organisation, User
from asap.core import audit
from asap.webhooks.delivery import DEACTIVATED
from asap.webhooks.enums import DeliveryStatus
from asap.webhooks.models import WebhookDelivery, WebhookEndpoint

SECRET_PREFIX = "whsec_"  # noqa: S105  # nosec B105: a label before the random part


def new_secret() -> str:
    """A random signing secret (256 bits), recognisable by its prefix."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def register_endpoint(
    *, actor: User, organisation: Organisation, name: str, url: str, events: list[str]
) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint of `organisation` (its URL checked by the form,
    `validators.check_url`) and return it with its secret, to be shown once.
    Side effect: audit `webhook.register`."""
    secret = new_secret()
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            organisation=organisation,
            name=name,
            url=url,
            secret=secret,
            events=sorted(set(events)),
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="webhook.register",
            obj=endpoint,
            organisation_id=organisation.pk,
            fields=["name", "url", "events", "secret"],
        )
    return endpoint, secret


def deactivate_endpoint(*, actor: User, endpoint: WebhookEndpoint) -> None:
    """Stop sending to `endpoint`; its pending deliveries fail. Side effect: audit
    `webhook.deactivate`."""
    now = timezone.now()
    with transaction.atomic():
        endpoint.is_active = False
        endpoint.revoked_at = now
        endpoint.save(update_fields=["is_active", "revoked_at"])
        endpoint.deliveries.filter(status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.FAILED,
            next_attempt_at=None,
            last_error=DEACTIVATED,
        )
        audit.record(
            actor=actor,
            action="webhook.deactivate",
            obj=endpoint,
            organisation_id=endpoint.organisation_id,
            fields=["is_active", "revoked_at"],
        )


def purge_deliveries(*, now: datetime.datetime | None = None) -> int:
    """Delete the deliveries made more than `ASAP_WEBHOOK_DELIVERIES_KEPT_DAYS` days ago (one
    DELETE) and return how many went. Run by the weekly retention run. Side effect, when any
    went: audit `webhook.deliveries_purged`, its object id the number deleted."""
    days = settings.ASAP_WEBHOOK_DELIVERIES_KEPT_DAYS
    before = (now or timezone.now()) - datetime.timedelta(days=days)
    with transaction.atomic():
        deleted, _by_model = WebhookDelivery.objects.filter(created_at__lt=before).delete()
        if deleted:
            audit.record(
                actor=None,
                action="webhook.deliveries_purged",
                object_type=WebhookDelivery._meta.label_lower,
                object_id=deleted,
                fields=["created_at"],
            )
    return deleted
