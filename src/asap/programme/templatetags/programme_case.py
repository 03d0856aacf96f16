"""The programme section of the case page: his status and attendance figures, through the
door (a fixed number of queries, whatever the size of the register)."""

from typing import Any

from django import template

from asap.cases.access import CaseAccess
from asap.programme import queries

register = template.Library()


@register.simple_tag
def programme_summary(access: CaseAccess) -> dict[str, Any]:
    """His current status (no reason) and his attendance figures, as the viewer may read them."""
    return {
        "current": queries.current_status(access),
        "figures": queries.attendance_figures(access),
    }
