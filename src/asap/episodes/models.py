"""Recidivism episodes and remote sessions on a joint case.

Each record owns one timeline entry: the entry's compartment (and, for an episode, the
shares of that entry) decides who reads the record. Every field is classified in
`asap.episodes.compartments`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asap.accounts.models import Organisation
from asap.cases.models import JointCase, TimelineEntry
from asap.cases.querysets import EntryOwnedQuerySet, manager
from asap.core import datakeys
from asap.core.datakeys import KeyOwner
from asap.core.fields import EncryptedTextField
from asap.episodes.enums import (
    Channel,
    ChildrenPresent,
    EpisodeSource,
    FormOfViolence,
    SessionOutcome,
    Severity,
    WithWhom,
)


class Episode(models.Model):
    """A recidivism episode as one source reported it."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="episodes")
    entry = models.OneToOneField(TimelineEntry, on_delete=models.CASCADE, related_name="episode")
    source = models.CharField(_("reported by"), max_length=16, choices=EpisodeSource.choices)
    date_from = models.DateField(_("date"))
    date_to = models.DateField(_("until"), null=True, blank=True)
    forms_of_violence = models.JSONField(_("forms of violence"), default=list)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    children_present = models.CharField(
        _("children present"), max_length=8, choices=ChildrenPresent.choices
    )
    police_involved = models.BooleanField(_("police involved"), default=False)
    court_involved = models.BooleanField(_("court involved"), default=False)
    note = EncryptedTextField(_("note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reported_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = manager(EntryOwnedQuerySet)

    class Meta:
        ordering = ["-date_from", "-pk"]
        verbose_name = _("episode")
        verbose_name_plural = _("episodes")
        indexes = [models.Index(fields=["case", "-date_from", "-id"], name="episode_case_date")]

    def __str__(self) -> str:
        return f"{self.case} · {self.source} · {self.date_from:%Y-%m-%d}"

    def encryption_owner(self, field: str) -> KeyOwner:
        """Whose data key seals `field` (asap.core.datakeys)."""
        return datakeys.side_owner(self.case_id, self.source)

    @property
    def forms_display(self) -> str:
        """The forms of violence in the reader's language."""
        labels = dict(FormOfViolence.choices)
        return ", ".join(str(labels.get(f, f)) for f in self.forms_of_violence)


class RemoteSession(models.Model):
    """Counselling or cooperation at a distance (Module 4): the safety check before it
    started, and its documentation."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="remote_sessions")
    entry = models.OneToOneField(
        TimelineEntry, on_delete=models.CASCADE, related_name="remote_session"
    )
    held_at = models.DateTimeField(_("date and time"))
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    with_whom = models.CharField(_("with whom"), max_length=8, choices=WithWhom.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    contact_details = EncryptedTextField(_("number or account used"), blank=True)
    person_alone_and_safe = models.BooleanField(_("the person is alone and safe"), default=False)
    device_safe = models.BooleanField(_("the device is safe"), default=False)
    end_signal = EncryptedTextField(_("agreed signal to end the call"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=8, choices=SessionOutcome.choices)
    stop_reason = EncryptedTextField(_("why it was not held or was stopped"), blank=True)
    summary = EncryptedTextField(_("summary"), blank=True)
    risks_identified = EncryptedTextField(_("risks identified"), blank=True)
    follow_up_agreed = EncryptedTextField(_("follow-up agreed"), blank=True)
    technical_issues = EncryptedTextField(_("technical problems"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = manager(EntryOwnedQuerySet)

    class Meta:
        ordering = ["-held_at", "-pk"]
        verbose_name = _("remote session")
        verbose_name_plural = _("remote sessions")
        indexes = [models.Index(fields=["case", "-held_at", "-id"], name="remote_session_case")]

    def __str__(self) -> str:
        return f"{self.case} · {self.with_whom} · {self.held_at:%Y-%m-%d}"

    def encryption_owner(self, field: str) -> KeyOwner:
        """Whose data key seals `field` (asap.core.datakeys)."""
        if self.entry_id:
            return datakeys.side_owner(self.case_id, self.entry.recorded_side)
        side = datakeys.PERPETRATOR if self.with_whom == "man" else datakeys.VICTIM
        return KeyOwner(self.case_id, side)

    @property
    def safety_check_complete(self) -> bool:
        """Alone and safe, a safe device, and an end signal agreed."""
        return bool(self.person_alone_and_safe and self.device_safe and self.end_signal)
