"""Deliveries are kept `ASAP_WEBHOOK_DELIVERIES_KEPT_DAYS` days: the weekly retention run
deletes the older ones, and says how many in the audit trail."""

import datetime
import uuid

import pytest
from django.utils import timezone

from asap.core.models import AuditEvent
from asap.dataprotection.tasks import prepare_retention_reports
from asap.webhooks.enums import EventKind
from asap.webhooks.models import WebhookDelivery
from tests.factories import OrganisationFactory
from tests.webhooks.conftest import register

pytestmark = pytest.mark.django_db


def made_days_ago(endpoint, days: float) -> WebhookDelivery:
    made = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=EventKind.RISK_ROSE,
        case_code="JC-TEST-7K2M",
        event_id=uuid.uuid4(),
        occurred_at=timezone.now(),
    )
    at = timezone.now() - datetime.timedelta(days=days)
    WebhookDelivery.objects.filter(pk=made.pk).update(created_at=at)  # auto_now_add otherwise
    return made


def test_the_weekly_retention_run_deletes_deliveries_past_their_days(settings):
    assert settings.ASAP_WEBHOOK_DELIVERIES_KEPT_DAYS == 90  # the default
    endpoint, _secret = register(OrganisationFactory(), "https://hooks.example.org/asap")
    old = made_days_ago(endpoint, 91)
    recent = made_days_ago(endpoint, 89)
    assert WebhookDelivery.objects.count() == 2

    prepare_retention_reports.call(requeue=False)

    assert list(WebhookDelivery.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not WebhookDelivery.objects.filter(pk=old.pk).exists()
    row = AuditEvent.objects.get(action="webhook.deliveries_purged")
    assert (row.object_type, row.object_id, row.actor_id) == ("webhooks.webhookdelivery", "1", None)


def test_the_days_follow_the_setting_and_a_run_with_nothing_to_delete_writes_no_row(settings):
    settings.ASAP_WEBHOOK_DELIVERIES_KEPT_DAYS = 7
    endpoint, _secret = register(OrganisationFactory(), "https://hooks.example.org/asap")
    kept = made_days_ago(endpoint, 6)
    gone = [made_days_ago(endpoint, 8), made_days_ago(endpoint, 30)]

    prepare_retention_reports.call(requeue=False)
    assert list(WebhookDelivery.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not WebhookDelivery.objects.filter(pk__in=[d.pk for d in gone]).exists()
    assert AuditEvent.objects.get(action="webhook.deliveries_purged").object_id == "2"

    prepare_retention_reports.call(requeue=False)  # nothing older left: nothing to say
    assert WebhookDelivery.objects.filter(pk=kept.pk).exists()
    assert AuditEvent.objects.filter(action="webhook.deliveries_purged").count() == 1
