"""The scheduled retention dry run, through Django's Tasks API.

`prepare_retention_reports` runs on the worker (`asap db_worker`): for every organisation
with a data-protection officer it prepares a dry run (what would be anonymised: codes and
counts), which the officer reviews and applies on the retention page; nothing is anonymised
without that review. It also deletes the webhook deliveries older than
`ASAP_WEBHOOK_DELIVERIES_KEPT_DAYS` (`asap.webhooks.services.purge_deliveries`). It then queues
itself for the next week. `asap retention --schedule` queues the first run.
"""

import datetime

from django.tasks import task
from django.utils import timezone

from asap.accounts.models import Organisation
from asap.core.roles import Role
from asap.dataprotection.services import retention
from asap.webhooks import services as webhooks

RUN_AT_HOUR = 5
EVERY_DAYS = 7


def organisations_with_an_officer() -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            memberships__role=Role.DATA_PROTECTION_OFFICER, memberships__is_active=True
        )
        .distinct()
        .order_by("pk")
    )


@task()
def prepare_retention_reports(requeue: bool = True) -> int:
    """Prepare this week's dry run per organisation, delete the webhook deliveries past their
    days; queue the next run."""
    today = timezone.localdate()
    try:
        prepared = 0
        for organisation in organisations_with_an_officer():
            retention.prepare_report(actor=None, organisation=organisation, today=today)
            prepared += 1
        webhooks.purge_deliveries()
        return prepared
    finally:
        if requeue:
            next_run = timezone.make_aware(
                datetime.datetime.combine(
                    today + datetime.timedelta(days=EVERY_DAYS), datetime.time(RUN_AT_HOUR)
                )
            )
            prepare_retention_reports.using(run_after=next_run).enqueue()
