"""Reads of an organisation's webhooks, for its administrators' pages."""

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

from asap.accounts.models import Organisation
from asap.webhooks.models import WebhookDelivery, WebhookEndpoint

RECENT = 3  # deliveries shown beside each endpoint


def endpoints_for(organisation: Organisation) -> list[WebhookEndpoint]:
    """The organisation's endpoints, active first, each with its last `RECENT` deliveries
    (`endpoint.recent`): two queries, however many endpoints and deliveries there are."""
    endpoints = list(
        WebhookEndpoint.objects.filter(organisation=organisation).order_by(
            "-is_active", "-created_at", "-pk"
        )
    )
    latest = WebhookDelivery.objects.filter(endpoint__in=[e.pk for e in endpoints]).annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("endpoint_id")],
            order_by=[F("created_at").desc(), F("pk").desc()],
        )
    )
    recent: dict[int, list[WebhookDelivery]] = {}
    for delivery in latest.filter(rank__lte=RECENT).order_by("-created_at", "-pk"):
        recent.setdefault(delivery.endpoint_id, []).append(delivery)
    for endpoint in endpoints:
        endpoint.recent = recent.get(endpoint.pk, [])
    return endpoints


def deliveries_for(organisation: Organisation) -> QuerySet[WebhookDelivery]:
    """Every delivery to the organisation's endpoints, newest first."""
    return (
        WebhookDelivery.objects.filter(endpoint__organisation=organisation)
        .select_related("endpoint")
        .order_by("-created_at", "-pk")
    )


def active_endpoints_of(organisation: Organisation) -> QuerySet[WebhookEndpoint]:
    """The endpoints an administrator of `organisation` may deactivate."""
    return WebhookEndpoint.objects.filter(organisation=organisation, is_active=True)
