"""Reads of the audit trail, scoped to what a data-protection officer may see."""

from datetime import datetime, time
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from asap.core.models import AuditEvent
from asap.core.roles import Role


def dpo_organisation_ids(user: Any) -> list[int]:
    """The organisations where `user` is the data-protection officer."""
    return [
        m.organisation_id for m in user.active_memberships if m.role == Role.DATA_PROTECTION_OFFICER
    ]


def audit_events_for(user: Any, filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    """Audit rows of the organisations where `user` is data-protection officer, filtered."""
    events = AuditEvent.objects.filter(organisation_id__in=dpo_organisation_ids(user))
    if filters.get("actor"):
        events = events.filter(actor_label__iexact=filters["actor"].strip())
    if filters.get("action"):
        events = events.filter(action__startswith=filters["action"].strip())
    if filters.get("case"):
        events = events.filter(case_id=filters["case"])
    zone = timezone.get_current_timezone()
    if filters.get("since"):
        events = events.filter(at__gte=datetime.combine(filters["since"], time.min, zone))
    if filters.get("until"):
        events = events.filter(at__lte=datetime.combine(filters["until"], time.max, zone))
    return events.order_by("-seq")
