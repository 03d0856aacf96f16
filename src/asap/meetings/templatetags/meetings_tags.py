"""The meetings' part of the case page: the next meeting and the proposed extraordinary
meetings, read through the door."""

from typing import Any

from django import template
from django.utils import timezone

from asap.cases.access import CaseAccess
from asap.meetings import ics, queries

register = template.Library()


@register.simple_tag
def meetings_section(access: CaseAccess) -> dict[str, Any]:
    """The next planned meeting (with its type's label) and the open proposals."""
    if not access.is_member:
        return {"next": None, "proposals": []}
    upcoming = queries.next_meeting(access, timezone.now())
    return {
        "next": upcoming,
        "next_label": ics.meeting_type_of(upcoming).label() if upcoming else "",
        "proposals": queries.proposals_for(access),
    }
