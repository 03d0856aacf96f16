"""The attachments' section of the case page: the latest files the viewer may read, read by
the case page's view (`asap.cases.sections`), through the door."""

from typing import Any

from asap.attachments import queries
from asap.cases.access import CaseAccess

LATEST = 10


def section(access: CaseAccess, page: dict[str, Any]) -> dict[str, Any]:
    """The latest readable files of the case (one query), and whether there are more."""
    rows = list(queries.attachments_for(access)[: LATEST + 1])
    return {"files": rows[:LATEST], "more": len(rows) > LATEST}
