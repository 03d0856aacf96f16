"""The programme's section of the case page: his status and attendance figures, read by the
case page's view (`asap.cases.sections`), through the door (a fixed number of queries,
whatever the size of the register)."""

from typing import Any

from asap.cases.access import CaseAccess
from asap.programme import queries


def section(access: CaseAccess, page: dict[str, Any]) -> dict[str, Any]:
    """His current status (no reason) and his attendance figures, as the viewer may read them."""
    return {
        "current": queries.current_status(access),
        "figures": queries.attendance_figures(access),
    }
