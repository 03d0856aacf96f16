"""Writes of the attachments app: attaching a file and removing it, and the audited read of
a file's bytes. Each writes its audit row (field names, never values) in one transaction."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from asap.accounts.models import User
from asap.attachments import filetypes
from asap.attachments.models import Attachment
from asap.attachments.rules import compartments_for, may_attach_to
from asap.cases.access import CaseAccess, record_read
from asap.cases.enums import EntryKind
from asap.cases.models import TimelineEntry
from asap.cases.services import record_timeline
from asap.cases.services.frozen import refuse_if_closed
from asap.core import audit, datakeys
from asap.core.uploads import UploadRefusedError, size_label

ADD_FIELDS = ["title", "file_name", "file_type", "size", "content", "compartment", "record"]


def _audit(actor: User, action: str, obj: Attachment, access: CaseAccess, fields: list[str]):
    audit.record(
        actor=actor,
        action=action,
        obj=obj,
        organisation_id=access.organisation_id,
        case_id=access.case.pk,
        fields=fields,
    )


def refusal(content_size: int) -> str:
    """Why a file of this size is refused, or "" (the limit: ASAP_ATTACHMENT_MAX_BYTES)."""
    limit = settings.ASAP_ATTACHMENT_MAX_BYTES
    if content_size > limit:
        return _("The file is larger than %(limit)s.") % {"limit": size_label(limit)}
    if content_size == 0:
        return _("The file is empty.")
    return ""


NOT_ACCEPTED = _(
    "This kind of file is not accepted. Attach a PDF, a PNG or JPEG image, or an office "
    "document (Word, Excel, PowerPoint, OpenDocument text or spreadsheet) without macros."
)


def attach_file(
    *,
    actor: User,
    access: CaseAccess,
    title: str,
    file_name: str,
    content: bytes,
    compartment: str,
    record: TimelineEntry | None = None,
) -> Attachment:
    """Attach a file to the case, or to `record` (an entry the actor read through the door).

    The type is recognised from the bytes (`filetypes.detect`), never from the name. Raises
    UploadRefusedError for a file too large, empty or of a kind not accepted, ValueError for
    a compartment the actor's side may not file under here. Side effects: an ATTACHMENT
    timeline entry in `compartment`, recorded by the actor's side; the file, its title and
    name sealed under that side's data key; audit `attachment.add`.
    """
    if not access.is_member:
        raise ValueError("Only a member of the case attaches a file.")
    if record is not None and not may_attach_to(record):
        raise ValueError("Files are attached to notes, episodes and remote sessions only.")
    if compartment not in compartments_for(access, record):
        raise ValueError(f"A {access.side}-side member cannot file under {compartment} here.")
    reason = refusal(len(content))
    if reason:
        raise UploadRefusedError(reason)
    file_type = filetypes.detect(content)
    if file_type is None:
        raise UploadRefusedError(str(NOT_ACCEPTED))
    with transaction.atomic():
        entry = record_timeline(
            case=access.case,
            kind=EntryKind.ATTACHMENT,
            compartment=compartment,
            actor=actor,
            organisation_id=access.organisation_id,
            title=title,
            recorded_side=access.side,
        )
        attachment = Attachment(
            case=access.case,
            entry=entry,
            record=record,
            title=title,
            file_name=file_name[-200:],
            file_type=file_type,
            size=len(content),
            uploaded_by=actor,
            organisation_id=access.organisation_id,
        )
        attachment.content = datakeys.seal_bytes(
            content, datakeys.side_owner(access.case.pk, access.side)
        )
        attachment.save()
        _audit(actor, "attachment.add", attachment, access, ADD_FIELDS)
    return attachment


def may_remove(access: CaseAccess, attachment: Attachment) -> bool:
    """Only the side that attached a file removes it."""
    return access.is_member and attachment.entry.recorded_side == access.side


def remove_attachment(*, actor: User, access: CaseAccess, attachment: Attachment) -> None:
    """Remove a file and its timeline entry (its bytes go with the row). Raises ValueError
    when the actor's side did not attach it, CaseClosedError on a closed case (read-only for
    everyone). Side effect: audit `attachment.remove`."""
    if not may_remove(access, attachment):
        raise ValueError("Only the side that attached a file removes it.")
    refuse_if_closed(access.case, EntryKind.ATTACHMENT)  # attaching is refused by its entry
    with transaction.atomic():
        _audit(actor, "attachment.remove", attachment, access, ADD_FIELDS)
        attachment.entry.delete()  # its attachment row goes with it (CASCADE)


def open_file(*, access: CaseAccess, attachment: Attachment) -> bytes | None:
    """The bytes of a file the reader of `access` opens (fetched through the door), or None
    when its key was destroyed (an erasure). Side effect: audit `attachment.read`
    (`record_read`), in its own transaction, before any byte leaves."""
    record_read(access, "attachment", ["file_name", "content"], obj=attachment)
    return datakeys.unseal_bytes(bytes(attachment.content))
