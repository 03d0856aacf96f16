"""The plans' part of the case page: overdue actions the viewer may read."""

import datetime

from django import template

from asap.cases.access import CaseAccess
from asap.plans import queries

register = template.Library()


@register.simple_tag
def overdue_actions(access: CaseAccess, today: datetime.date) -> list:
    """Rows still open or in progress whose term has passed (bounded), through the door."""
    if not access.is_member:
        return []
    return queries.overdue_actions_for(access, today)
