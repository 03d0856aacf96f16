"""Webhook deliveries on the worker (`asap db_worker`), through Django's Tasks API.

`deliver(pk, attempt)` makes one attempt (`asap.webhooks.delivery.attempt`); a failed
attempt queues the next itself, with `run_after` set by the back-off. The attempt number
makes a task that runs twice harmless: the second finds the attempt made and does nothing.
"""

from django.tasks import task

from asap.webhooks import delivery
from asap.webhooks.enums import DeliveryStatus


@task()
def deliver(delivery_pk: int, attempt: int = 1) -> str:
    """Attempt one webhook delivery and queue the next attempt if one is due; return the
    delivery's status afterwards ("" if this attempt was not due)."""
    done = delivery.attempt(delivery_pk, attempt)
    if done is None:
        return ""
    if done.status == DeliveryStatus.PENDING and done.next_attempt_at is not None:
        deliver.using(run_after=done.next_attempt_at).enqueue(delivery_pk, attempt + 1)
    return done.status
