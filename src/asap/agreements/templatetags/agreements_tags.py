"""The agreements' part of the case page, read through the door."""

from typing import Any

from django import template

from asap.agreements import queries
from asap.agreements.enums import AgreementStatus
from asap.cases.access import CaseAccess

register = template.Library()


@register.simple_tag
def agreements_section(access: CaseAccess) -> dict[str, Any]:
    """The case-level agreement in force today, and how many await sign-off."""
    if not access.is_member:
        return {"in_force": None, "awaiting": 0}
    return {
        "in_force": queries.case_in_force(access),
        "awaiting": queries.case_agreements_for(access).filter(status=AgreementStatus.SENT).count(),
    }
