"""The police and court section of the case page: what the viewer may read, read by the case
page's view (`asap.cases.sections`), through the door, one query per kind of record."""

from typing import Any

from asap.cases.access import CaseAccess
from asap.justice import queries

LATEST = 5


def section(access: CaseAccess, page: dict[str, Any]) -> dict[str, Any]:
    """The latest orders, proceedings and court conditions the viewer may read."""
    return {
        "orders": list(queries.orders_for(access)[:LATEST]),
        "proceedings": list(queries.proceedings_for(access)[:LATEST]),
        "conditions": list(queries.conditions_for(access)[:LATEST]),
        "today": page["today"],
    }
