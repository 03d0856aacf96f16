"""The police and court section of the case page: what the viewer may read, through the
door, one query per kind of record."""

from typing import Any

from django import template
from django.utils import timezone

from asap.cases.access import CaseAccess
from asap.justice import queries

register = template.Library()
LATEST = 5


@register.simple_tag
def justice_summary(access: CaseAccess) -> dict[str, Any]:
    """The latest orders, proceedings and court conditions the viewer may read."""
    return {
        "orders": list(queries.orders_for(access)[:LATEST]),
        "proceedings": list(queries.proceedings_for(access)[:LATEST]),
        "conditions": list(queries.conditions_for(access)[:LATEST]),
        "today": timezone.localdate(),
    }
