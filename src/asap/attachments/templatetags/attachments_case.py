"""The attachments on the timeline and on a record's page: what the viewer may read, through
the door, in one query per page or record (the case page's section is read by its view:
`asap.attachments.case_page`)."""

from typing import Any

from django import template

from asap.attachments import queries
from asap.attachments.rules import compartments_for, may_attach_to
from asap.cases.access import CaseAccess

register = template.Library()


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
