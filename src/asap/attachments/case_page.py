"""The files on a case's pages, read by the pages' views through the door (no template tag
reads them): the case page's section (`asap.cases.sections`), the files of the timeline's
entries and those attached to one record."""

from collections.abc import Iterable
from typing import Any

from asap.attachments import queries
from asap.attachments.rules import compartments_for, may_attach_to
from asap.cases.access import CaseAccess

LATEST = 10


def section(access: CaseAccess, page: dict[str, Any]) -> dict[str, Any]:
    """The latest readable files of the case (one query), and whether there are more."""
    rows = list(queries.attachments_for(access)[: LATEST + 1])
    return {"files": rows[:LATEST], "more": len(rows) > LATEST}


def on_entries(access: CaseAccess, entries: Iterable[Any]) -> None:
    """Give each timeline entry of a page `files`: the readable files attached to it (or,
    for an attachment's own entry, its file), and `may_attach`. One query for the page."""
    entries = list(entries)
    found = queries.attachments_by_entry(access, entries)
    for entry in entries:
        entry.files = found.get(entry.pk, [])
        entry.may_attach = may_attach_to(entry) and bool(compartments_for(access, entry))


def on_record(access: CaseAccess, record: Any) -> dict[str, Any]:
    """The readable files attached to one record (an episode's or a session's entry), one
    query, and whether the viewer may attach one to it."""
    files = list(queries.attachments_for(access).filter(record_id=record.pk))
    may_attach = may_attach_to(record) and bool(compartments_for(access, record))
    return {"files": files, "may_attach": may_attach}
