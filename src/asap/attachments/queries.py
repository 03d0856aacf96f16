"""Reads of attachments. Every function takes the `CaseAccess` the door gave: an attachment
is readable exactly when the read policy lets the viewer read its own timeline entry and, for
a file attached to a record, that record (`Attachment.objects.visible_to(access)`).
Lists never load the files' bytes."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404

from asap.attachments.models import Attachment
from asap.attachments.rules import ATTACHABLE
from asap.cases.access import CaseAccess, entries_for
from asap.cases.models import TimelineEntry


def attachments_for(access: CaseAccess) -> QuerySet[Attachment]:
    """The case's attachments the viewer may read, latest first, without their bytes."""
    return (
        Attachment.objects.visible_to(access)
        .defer("content")
        .select_related("entry", "record", "uploaded_by", "organisation")
        .order_by("-uploaded_at", "-pk")
    )


def attachment_for(access: CaseAccess, attachment_id: int) -> Attachment:
    """One readable attachment with its bytes (still sealed), or 404."""
    attachment = (
        Attachment.objects.visible_to(access)
        .select_related("entry")
        .filter(pk=attachment_id)
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


def record_for(access: CaseAccess, entry_id: int) -> TimelineEntry:
    """A readable record a file may be attached to, or 404."""
    record = entries_for(access).filter(pk=entry_id, kind__in=ATTACHABLE).first()
    if record is None:
        raise Http404
    return record


def attachments_by_entry(
    access: CaseAccess, entries: Iterable[TimelineEntry]
) -> dict[int, list[Attachment]]:
    """For a page of timeline entries, in one query: entry id → the readable files attached
    to it, or (for an attachment's own entry) the file itself."""
    ids = [entry.pk for entry in entries]
    found: dict[int, list[Attachment]] = {}
    if not ids or not access.is_member:
        return found
    rows = attachments_for(access).filter(Q(entry_id__in=ids) | Q(record_id__in=ids))
    for attachment in rows.order_by("uploaded_at", "pk"):
        for key in {attachment.entry_id, attachment.record_id} & set(ids):
            found.setdefault(key, []).append(attachment)
    return found
