"""The plans' section of the case page: overdue actions the viewer may read, read by the
case page's view (`asap.cases.sections`), through the door."""

from typing import Any

from asap.cases.access import CaseAccess
from asap.plans import queries


def section(access: CaseAccess, page: dict[str, Any]) -> list:
    """Rows still open or in progress whose term has passed (bounded): one query."""
    if not access.is_member:
        return []
    return queries.overdue_actions_for(access, page["today"])
