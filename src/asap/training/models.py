"""Training events, their sessions, participants, attendance, questionnaire answers and
certificates. Nothing here touches a case: training answers live in these tables only.

An event keeps its own copy of the modules it teaches (`modules`), so its trainers adapt the
copy while the reference curriculum stays as shipped. Participants' names and e-mail addresses
are personal data and are encrypted at rest.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asap.accounts.enums import OrganisationKind
from asap.accounts.models import Organisation
from asap.core.fields import EncryptedTextField
from asap.training.enums import (
    Country,
    EventFormat,
    EventLevel,
    Profile,
    RegisteredBy,
    ResponseKind,
)


class TrainingEvent(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=EventLevel.choices)
    format = models.CharField(_("format"), max_length=16, choices=EventFormat.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    link = models.URLField(_("meeting link"), max_length=500, blank=True)
    trainers = models.CharField(_("trainers"), max_length=300)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    curriculum_key = models.CharField(max_length=64)
    curriculum_version = models.PositiveIntegerField()
    # The event's copy of its modules, in teaching order: the reference's data, plus each
    # topic's `online_minutes`. Trainers adapt this copy, never the reference.
    modules = models.JSONField(default=list)
    registration_token = models.CharField(max_length=64, unique=True)
    registration_open = models.BooleanField(_("registration open"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("training event")
        verbose_name_plural = _("training events")

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    """One module of an event on one date and time."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="sessions")
    module_key = models.CharField(_("module"), max_length=64)
    starts_at = models.DateTimeField(_("starts"))
    # Its calendar file's SEQUENCE: rises when the session moves or what the file says changes.
    calendar_sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.module_key} · {self.starts_at:%Y-%m-%d %H:%M}"


class Participant(models.Model):
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="participants")
    name = EncryptedTextField(_("name"))
    email = EncryptedTextField(_("e-mail address"), blank=True)
    profile = models.CharField(_("profile"), max_length=32, choices=Profile.choices)
    agency_kind = models.CharField(
        _("kind of agency"), max_length=32, choices=OrganisationKind.choices
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    token = models.CharField(max_length=64, unique=True)
    registered_by = models.CharField(max_length=16, choices=RegisteredBy.choices)
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"participant {self.pk}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendances"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"participant {self.participant_id} · session {self.session_id}"


class Response(models.Model):
    """A participant's answers to one training questionnaire (the definition is kept)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="responses")
    module_key = models.CharField(max_length=64, blank=True)
    kind = models.CharField(max_length=16, choices=ResponseKind.choices)
    definition_key = models.CharField(max_length=64)
    definition_version = models.PositiveIntegerField()
    answers = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "module_key", "kind"], name="training_response_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.module_key} · participant {self.participant_id}"


class Certificate(models.Model):
    """What a certificate states, fixed when it is issued; the public page shows only this."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="certificate"
    )
    code = models.CharField(max_length=32, unique=True)
    name = EncryptedTextField()
    modules = models.JSONField(default=list)  # the titles of the modules attended in full
    event_title = models.CharField(max_length=200)
    event_date = models.DateField()
    issued_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"certificate {self.code}"
