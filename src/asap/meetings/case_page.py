"""The meetings' section of the case page: the next meeting and the proposed extraordinary
meetings, read by the case page's view (`asap.cases.sections`), through the door."""

from typing import Any

from django.utils import timezone

from asap.cases.access import CaseAccess
from asap.meetings import ics, queries


def section(access: CaseAccess, page: dict[str, Any]) -> dict[str, Any]:
    """The next planned meeting (with its type's label) and the open proposals."""
    if not access.is_member:
        return {"next": None, "proposals": []}
    upcoming = queries.next_meeting(access, timezone.now())
    return {
        "next": upcoming,
        "next_label": ics.meeting_type_of(upcoming).label() if upcoming else "",
        "proposals": queries.proposals_for(access),
    }
