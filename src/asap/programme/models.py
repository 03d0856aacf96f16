"""His programme on a joint case: the history of his status, and the register of his sessions.

The status and its date, and each session's date, kind and attendance, are figures every
member of the case reads (joint, recorded by the perpetrator side: other agencies under his
waiver). The reason for a status and the note of a session are the perpetrator side's own,
encrypted under its key. Every field is classified in `asap.programme.compartments`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asap.accounts.models import Organisation
from asap.cases.enums import Compartment, Side
from asap.cases.models import JointCase, TimelineEntry
from asap.cases.querysets import EntryOwnedQuerySet, RecordedQuerySet, manager
from asap.core import datakeys
from asap.core.datakeys import KeyOwner
from asap.core.fields import EncryptedTextField
from asap.programme.enums import Attendance, ProgrammeStatus, SessionKind


class StatusChange(models.Model):
    """One step of the man's programme: a status from a date, with the programme's reason.

    A history: a step is never changed; a wrong one is followed by the right one."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="programme_statuses")
    entry = models.OneToOneField(
        TimelineEntry, on_delete=models.CASCADE, related_name="programme_status"
    )
    status = models.CharField(_("status"), max_length=24, choices=ProgrammeStatus.choices)
    date = models.DateField(_("from"))
    reason = EncryptedTextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = manager(EntryOwnedQuerySet)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("programme status")
        verbose_name_plural = _("programme statuses")
        indexes = [models.Index(fields=["case", "-date", "-id"], name="programme_status_case")]

    def __str__(self) -> str:
        return f"{self.case} · {self.status} · {self.date:%Y-%m-%d}"

    def encryption_owner(self, field: str) -> KeyOwner:
        """Whose data key seals `field` (asap.core.datakeys): the perpetrator side's."""
        return datakeys.side_owner(self.case_id, datakeys.PERPETRATOR)


class ProgrammeSession(models.Model):
    """One session of his programme in the register, and whether he came."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="programme_sessions")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=SessionKind.choices)
    attendance = models.CharField(_("attendance"), max_length=16, choices=Attendance.choices)
    note = EncryptedTextField(_("note"), blank=True)
    # The register's figures are joint, recorded by the perpetrator side: the read policy
    # decides on these two columns like on any recorded row (`RecordedQuerySet`).
    compartment = models.CharField(
        max_length=16, choices=Compartment.choices, default=Compartment.JOINT, editable=False
    )
    recorded_side = models.CharField(
        max_length=16, choices=Side.choices, default=Side.PERPETRATOR, editable=False
    )
    # The absence that raised the alert of its streak: a streak alerts once.
    alerted = models.BooleanField(default=False, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = manager(RecordedQuerySet)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("programme session")
        verbose_name_plural = _("programme sessions")
        indexes = [models.Index(fields=["case", "-date", "-id"], name="programme_session_case")]

    def __str__(self) -> str:
        return f"{self.case} · {self.kind} · {self.date:%Y-%m-%d}"

    def encryption_owner(self, field: str) -> KeyOwner:
        """Whose data key seals `field` (asap.core.datakeys): the perpetrator side's."""
        return datakeys.side_owner(self.case_id, datakeys.PERPETRATOR)
