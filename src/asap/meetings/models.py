"""Meetings of the protocol's meetings timeline, their invitations and their minutes.

A case meeting belongs to one joint case; a Phase 1 team meeting belongs to an organisation
and has no case. Everything here is joint (see `asap.meetings.compartments`): the venue, the
link and the minutes are read by every member of the case, so the forms refuse what the
victim side's protected details hold. Free text is encrypted at rest.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asap.accounts.models import Organisation
from asap.cases.enums import Compartment
from asap.cases.models import CaseMember, JointCase
from asap.cases.querysets import MeetingPartQuerySet, MeetingQuerySet, MinutesQuerySet, manager
from asap.core import datakeys
from asap.core.datakeys import KeyOwner
from asap.core.fields import EncryptedTextField
from asap.meetings.enums import MeetingMode, MeetingStatus


class Meeting(models.Model):
    """One meeting of the timeline: a case meeting, or (no case) a Phase 1 team meeting."""

    case = models.ForeignKey(
        JointCase, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The organising agency: for a Phase 1 team meeting, the organisation that holds it.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    type_key = models.CharField(_("type of meeting"), max_length=64)
    timeline_version = models.PositiveIntegerField(_("meetings timeline version"))
    title = EncryptedTextField(_("title"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    mode = models.CharField(_("held"), max_length=16, choices=MeetingMode.choices)
    venue = EncryptedTextField(_("venue"), blank=True)
    link = EncryptedTextField(_("meeting link"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    steps_done = models.JSONField(_("steps done"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("scheduled"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)
    # The calendar files' SEQUENCE: rises with each change the invitees are told about.
    calendar_sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)

    objects = manager(MeetingQuerySet)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            models.Index(fields=["case", "starts_at"], name="meeting_case_start"),
            models.Index(fields=["organisation", "starts_at"], name="meeting_org_start"),
        ]

    def __str__(self) -> str:
        return f"{self.type_key} · {self.starts_at:%Y-%m-%d}"

    def encryption_owner(self, field: str) -> KeyOwner:
        """Whose data key seals `field` (asap.core.datakeys)."""
        return KeyOwner(self.case_id, datakeys.CASE)


class Invitation(models.Model):
    """A worker invited to a meeting; the e-mail with the calendar file goes out on commit."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)

    objects = manager(MeetingPartQuerySet)

    class Meta:
        ordering = ["invited_at", "pk"]
        verbose_name = _("invitation to a meeting")
        verbose_name_plural = _("invitations to meetings")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="meeting_invitation_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.user}"


class Minutes(models.Model):
    """What a meeting decided and who attended. Joint: every member of the case reads it."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    attended = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("attended")
    )
    decisions = EncryptedTextField(_("decisions"))
    compartment = models.CharField(
        _("who may read it"),
        max_length=16,
        choices=Compartment.choices,
        default=Compartment.JOINT,
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    written_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = manager(MinutesQuerySet)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{self.meeting}"

    def recorded_side(self) -> str | None:
        """The side whose text the minutes are: their compartment's, or for joint minutes
        the side of the worker who wrote them in the case."""
        if self.compartment in (Compartment.VICTIM, Compartment.PROTECTED):
            return datakeys.VICTIM
        if self.compartment == Compartment.PERPETRATOR:
            return datakeys.PERPETRATOR
        return (
            CaseMember.objects.filter(case_id=self.meeting.case_id, user_id=self.written_by_id)
            .values_list("side", flat=True)
            .first()
        )

    def encryption_owner(self, field: str) -> KeyOwner:
        """Whose data key seals `field` (asap.core.datakeys)."""
        return datakeys.side_owner(self.meeting.case_id, self.recorded_side())
