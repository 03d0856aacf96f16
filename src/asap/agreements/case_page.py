"""The agreements' section of the case page, read by the case page's view
(`asap.cases.sections`), through the door."""

from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q

from asap.agreements import queries
from asap.agreements.enums import AgreementStatus
from asap.cases.access import CaseAccess


def section(access: CaseAccess, page: dict[str, Any]) -> dict[str, Any]:
    """The case-level agreement in force today, and how many await sign-off."""
    if not access.is_member:
        return {"in_force": None, "awaiting": 0}
    # One query: the agreements in force or awaiting sign-off (a case holds a handful).
    rows = list(
        queries.case_agreements_for(access)
        .filter(queries.in_force() | Q(status=AgreementStatus.SENT))
        .annotate(is_in_force=ExpressionWrapper(queries.in_force(), output_field=BooleanField()))
        .order_by("-locked_at")
    )
    return {
        "in_force": next((row for row in rows if row.is_in_force), None),
        "awaiting": sum(row.status == AgreementStatus.SENT for row in rows),
    }
