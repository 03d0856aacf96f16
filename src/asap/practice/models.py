"""A trainee's work on a fictional case: the attempt, its checklist answers, its action plan
and its IT safety plan.

These tables are the training space. They hold no foreign key to any real case table
(cases, instruments, plans, episodes, meetings): a practice case is named by the key of its
data file (`asap.practice.casebook`), never by a row of a case table.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asap.plans.enums import ActionStatus, StalkerwareDecision, StalkerwareFound


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class PracticeAttempt(models.Model):
    """One trainee working through one fictional case."""

    case_key = models.CharField(_("practice case"), max_length=64)
    definition_key = models.CharField(_("checklist"), max_length=64)
    definition_version = models.PositiveIntegerField(_("checklist version"))
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_attempts"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AttemptStatus.choices,
        default=AttemptStatus.IN_PROGRESS,
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("practice attempt")
        verbose_name_plural = _("practice attempts")
        indexes = [models.Index(fields=["trainee", "-started_at"], name="practice_attempt_trainee")]

    def __str__(self) -> str:
        return f"{self.case_key} · {self.trainee_id} · {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.IN_PROGRESS


class PracticeAnswer(models.Model):
    """The trainee's answer to one item of the risk checklist."""

    attempt = models.ForeignKey(PracticeAttempt, on_delete=models.CASCADE, related_name="answers")
    item_key = models.CharField(_("item"), max_length=64)
    value = models.JSONField(_("answer"), null=True, blank=True)

    class Meta:
        verbose_name = _("practice answer")
        verbose_name_plural = _("practice answers")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "item_key"], name="practice_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id} · {self.item_key}"


class PracticeAction(models.Model):
    """A row of the trainee's action plan: the columns of the protocol's action plan."""

    attempt = models.ForeignKey(PracticeAttempt, on_delete=models.CASCADE, related_name="actions")
    need = models.TextField(_("protection/support needs"))
    action = models.TextField(_("actions"))
    term = models.DateField(_("term"))
    responsible = models.CharField(_("person/agency responsible"), max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    dropped_reason = models.TextField(_("why it was dropped"), blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    last_changed_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["term", "pk"]
        verbose_name = _("practice action")
        verbose_name_plural = _("practice actions")

    def __str__(self) -> str:
        return f"{self.attempt_id} · {self.term} · {self.status}"


class PracticeSafetyPlan(models.Model):
    """The trainee's IT safety plan: the key areas and safety measures of the protocol."""

    attempt = models.OneToOneField(
        PracticeAttempt, on_delete=models.CASCADE, related_name="safety_plan"
    )
    stopping_violence = models.TextField(blank=True)
    new_accounts = models.TextField(blank=True)
    accountability = models.TextField(blank=True)
    safe_channel = models.TextField(blank=True)
    safe_device = models.TextField(blank=True)
    online_accounts = models.TextField(blank=True)
    escalation = models.TextField(blank=True)
    stalkerware_found = models.CharField(
        _("stalkerware found?"), max_length=16, choices=StalkerwareFound.choices, blank=True
    )
    stalkerware_decision = models.CharField(
        _("decision"), max_length=16, choices=StalkerwareDecision.choices, blank=True
    )
    stalkerware_reason = models.TextField(_("reason for the decision"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("practice IT safety plan")
        verbose_name_plural = _("practice IT safety plans")

    def __str__(self) -> str:
        return f"{self.attempt_id}"
