"""Telling the organisations of a case that something happened on it: `emit(kind, case)`.

The services of the other apps call `emit` where the event happens, inside their
transaction. Once it commits, one delivery is made per active endpoint subscribed to the
event of every organisation taking part in the case whose side (its kind's: see
`receiving_organisations`) would read the event under the one read policy
(`asap.cases.policy`) with the consents in force then: her episode, unshared, is no sign to
the perpetrator programme's system, as it is none to its workers.
The body is content-free (`asap.webhooks.delivery.body_of`).
"""

import logging
import uuid

from django.db import transaction
from django.utils import timezone

from asap.cases.access import side_for
from asap.cases.enums import AgencyStatus, Compartment
from asap.cases.models import CaseAgency, Consent, JointCase
from asap.cases.policy import PLATFORM, Reader, may_read
from asap.webhooks.models import WebhookDelivery, WebhookEndpoint
from asap.webhooks.tasks import deliver

logger = logging.getLogger(__name__)


def emit(
    kind: str,
    case: JointCase,
    *,
    compartment: str = Compartment.JOINT,
    recorded_side: str = PLATFORM,
) -> None:
    """After the surrounding transaction commits, queue `kind` on `case` for the endpoints
    of the organisations whose side reads an item of `compartment` recorded by
    `recorded_side`. Side effects (on commit): delivery rows; one task queued per delivery.
    A failure here is logged and never undoes the caller's change."""
    occurred_at = timezone.now()
    event_id = uuid.uuid4()

    def fan_out() -> None:
        queue_deliveries(
            kind,
            case,
            compartment=compartment,
            recorded_side=recorded_side,
            event_id=event_id,
            occurred_at=occurred_at,
        )

    transaction.on_commit(fan_out, robust=True)


def receiving_organisations(case: JointCase, compartment: str, recorded_side: str) -> list[int]:
    """The organisations taking part in `case` whose system reads such an item now. A system
    is its organisation's, run by its administrators: it reads as the side of the
    organisation's kind (`side_for` with no role: a perpetrator programme's system is of the
    perpetrator side), not as the side the agency took in the case, which is its partner
    contact's (victim) when that worker opened the case."""
    her, his = Consent.objects.scopes_in_force(case)
    agencies = CaseAgency.objects.filter(case=case, status=AgencyStatus.ACTIVE).select_related(
        "organisation"
    )
    return [
        agency.organisation_id
        for agency in agencies
        if may_read(
            Reader(side_for(agency.organisation, ""), her_consent=her, his_waiver=his),
            compartment,
            recorded_side,
        )
    ]


def queue_deliveries(
    kind: str,
    case: JointCase,
    *,
    compartment: str,
    recorded_side: str,
    event_id: uuid.UUID,
    occurred_at: object,
) -> list[WebhookDelivery]:
    """One delivery per subscribed active endpoint of the receiving organisations, each
    queued for its first attempt. Most cases have none: one query finds that out."""
    subscribed = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(
            is_active=True,
            organisation__case_agencies__case=case,
            organisation__case_agencies__status=AgencyStatus.ACTIVE,
        ).order_by("pk")
        if kind in endpoint.events
    ]
    if not subscribed:
        return []
    organisations = set(receiving_organisations(case, compartment, recorded_side))
    deliveries = [
        WebhookDelivery.objects.create(
            endpoint=endpoint,
            event=kind,
            case_code=case.code,
            event_id=event_id,
            occurred_at=occurred_at,
        )
        for endpoint in subscribed
        if endpoint.organisation_id in organisations
    ]
    for delivery in deliveries:
        deliver.enqueue(delivery.pk, 1)
    if deliveries:
        logger.info("Webhook event %s (%s): %d deliveries", event_id, kind, len(deliveries))
    return deliveries
