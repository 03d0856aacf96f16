"""Files attached to a joint case, or to one of its records.

Each attachment owns one timeline entry (kind ATTACHMENT): the entry's compartment and the
side that recorded it decide who reads the file, under the one read policy; a file attached
to a record (a note, an episode's entry) is read only by those who also read that record.
The file, its title and its original name are sealed under the data key of the side that
attached it (`asap.core.datakeys`): erasing that side's key makes the file unreadable.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from asap.accounts.models import Organisation
from asap.attachments.enums import EXTENSIONS, MEDIA_TYPES, FileType
from asap.cases.models import JointCase, TimelineEntry
from asap.cases.policy import withheld_q
from asap.cases.querysets import entry_q, manager, reader
from asap.core import datakeys
from asap.core.datakeys import KeyOwner
from asap.core.fields import EncryptedTextField
from asap.core.scopes import CaseContentQuerySet


class SealedBytesField(models.BinaryField):
    """A binary column read back as `bytes` on every engine (PostgreSQL's driver gives a
    memoryview, whose repr and equality differ from one read to the next)."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> bytes | None:
        return None if value is None else bytes(value)


class AttachmentQuerySet(CaseContentQuerySet):
    """Its own entry decides, and the record it is attached to must be readable too."""

    def policy(self, access: Any) -> "AttachmentQuerySet":
        if not access.is_member:
            return self.none()
        return (
            self.filter(case=access.case)
            .filter(entry_q(access, "entry__"))
            .filter(Q(record__isnull=True) | entry_q(access, "record__"))
        )

    def withheld_from(self, access: Any) -> "AttachmentQuerySet":
        if not access.is_member:
            return self.none()
        queryset = self.filter(case=access.case).filter(
            withheld_q(
                reader(access), compartment="entry__compartment", recorded="entry__recorded_side"
            )
        )
        queryset.query.through_policy = True
        return queryset


class Attachment(models.Model):
    """One file: its detected type, its size, and its sealed bytes."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="attachments")
    entry = models.OneToOneField(TimelineEntry, on_delete=models.CASCADE, related_name="attachment")
    record = models.ForeignKey(
        TimelineEntry,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("attached to"),
    )
    title = EncryptedTextField(_("title"))
    file_name = EncryptedTextField(_("file name"))
    file_type = models.CharField(_("type"), max_length=8, choices=FileType.choices)
    size = models.PositiveIntegerField(_("size in bytes"))
    content = SealedBytesField(_("content"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("attached"), auto_now_add=True)

    objects = manager(AttachmentQuerySet)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [
            models.Index(fields=["case", "-uploaded_at", "-id"], name="attachment_case"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.file_type} · {self.uploaded_at:%Y-%m-%d}"

    def encryption_owner(self, field: str) -> KeyOwner:
        """Whose data key seals `field` (asap.core.datakeys): the side that attached it."""
        return datakeys.side_owner(self.case_id, self.entry.recorded_side)

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[FileType(self.file_type)]

    @property
    def download_name(self) -> str:
        """The original name, with the detected type's extension added when it ends with
        another one (a PNG named "scan.pdf" downloads as "scan.pdf.png")."""
        extensions = EXTENSIONS[FileType(self.file_type)]
        name = self.file_name or "attachment"
        return name if name.lower().endswith(extensions) else name + extensions[0]
