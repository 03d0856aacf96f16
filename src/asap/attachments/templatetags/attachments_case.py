"""The attachments on the case page and on the timeline: what the viewer may read, through
the door, in one query per section or page."""

from typing import Any

from django import template

from asap.attachments import queries
from asap.attachments.rules import compartments_for, may_attach_to
from asap.cases.access import CaseAccess

register = template.Library()
LATEST = 10


@register.simple_tag
def attachments_summary(access: CaseAccess) -> dict[str, Any]:
    """The latest readable files of the case (one query), and whether there are more."""
    rows = list(queries.attachments_for(access)[: LATEST + 1])
    return {"files": rows[:LATEST], "more": len(rows) > LATEST}


@register.simple_tag
def attach_files(access: CaseAccess, entries: Any) -> str:
    """Give each timeline entry of the page `files`: the readable files attached to it (or,
    for an attachment's own entry, its file), and `may_attach`. One query for the page."""
    entries = list(entries)
    found = queries.attachments_by_entry(access, entries)
    for entry in entries:
        entry.files = found.get(entry.pk, [])
        entry.may_attach = may_attach_to(entry) and bool(compartments_for(access, entry))
    return ""


@register.simple_tag
def files_on(access: CaseAccess, record: Any) -> dict[str, Any]:
    """The readable files attached to one record (an episode's or a session's entry), one
    query, and whether the viewer may attach one to it."""
    files = list(queries.attachments_for(access).filter(record_id=record.pk))
    may_attach = may_attach_to(record) and bool(compartments_for(access, record))
    return {"files": files, "may_attach": may_attach}
