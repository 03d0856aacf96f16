"""The joint action plan (its rows, the plan kept after each meeting, the reminders sent)
and the IT safety plan.

Every concrete field is classified in `asap.plans.compartments`; the plans' queries
(`asap.plans.queries`) are the only readers, through the access door.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asap.cases.enums import Compartment, Side
from asap.cases.models import JointCase, Person
from asap.cases.querysets import MembersQuerySet, RecordedQuerySet, manager
from asap.core import datakeys
from asap.core.datakeys import KeyOwner
from asap.core.fields import EncryptedTextField
from asap.plans.enums import (
    ACTION_COMPARTMENTS,
    ActionStatus,
    StalkerwareDecision,
    StalkerwareFound,
)


class ActionItem(models.Model):
    """One row of the action plan: protection/support needs, actions, term, person/agency
    responsible (Module 2 Topic 3), with its status."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="+")
    need = EncryptedTextField(_("protection/support needs"))
    action = EncryptedTextField(_("actions"))
    term = models.DateField(_("term"))
    responsible = EncryptedTextField(_("person/agency responsible"))
    # Who is reminded when the term passes: a member of the case.
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reminded worker"),
    )
    # The child of the case this row concerns (none: the whole family). Shown by its label.
    child = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("concerns the child"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    dropped_reason = EncryptedTextField(_("why it was dropped"), blank=True)
    compartment = models.CharField(
        _("who may read it"),
        max_length=16,
        choices=[(c.value, c.label) for c in ACTION_COMPARTMENTS],
        default=Compartment.JOINT,
    )
    # The side whose worker added the row ("": the platform); see `asap.cases.policy`.
    recorded_side = models.CharField(
        _("recorded by"), max_length=16, choices=Side.choices, blank=True, default=""
    )
    # The meetings app's Meeting whose minutes created the row (no foreign key: plans never
    # import meetings).
    meeting_id = models.PositiveBigIntegerField(_("meeting"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    last_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    last_changed_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = manager(RecordedQuerySet)

    class Meta:
        ordering = ["term", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [
            models.Index(fields=["case", "compartment", "term"], name="action_case_term"),
            models.Index(fields=["status", "term"], name="action_status_term"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.term} · {self.status}"

    def encryption_owner(self, field: str) -> KeyOwner:
        """Whose data key seals `field` (asap.core.datakeys)."""
        return datakeys.side_owner(self.case_id, self.recorded_side)


class PlanSnapshot(models.Model):
    """The joint rows of the action plan as they stood after a meeting."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="+")
    meeting_id = models.PositiveBigIntegerField(_("meeting"), null=True, blank=True)
    taken_at = models.DateTimeField(_("kept on"), auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rows = EncryptedTextField(_("rows (JSON)"))

    objects = manager(MembersQuerySet)

    class Meta:
        ordering = ["-taken_at", "-pk"]
        verbose_name = _("action plan kept after a meeting")
        verbose_name_plural = _("action plans kept after meetings")
        indexes = [models.Index(fields=["case", "-taken_at"], name="plan_snapshot_case")]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.taken_at:%Y-%m-%d}"

    def encryption_owner(self, field: str) -> KeyOwner:
        """Whose data key seals `field` (asap.core.datakeys)."""
        # Her rows go with the victim side's key (the snapshot is one text).
        return KeyOwner(self.case_id, datakeys.VICTIM)


class ActionReminder(models.Model):
    """An overdue reminder sent for one action and one term: sent once, never twice."""

    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="reminders")
    term = models.DateField(_("term"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("action reminder")
        verbose_name_plural = _("action reminders")
        constraints = [
            models.UniqueConstraint(fields=["item", "term"], name="action_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.term}"


class SafetyPlan(models.Model):
    """The IT safety plan of a case (Module 3 Topic 3): a text per key area and safety
    measure, and the stalkerware decision. Each part's compartment is in `SAFETY_PARTS`."""

    case = models.OneToOneField(JointCase, on_delete=models.CASCADE, related_name="+")
    stopping_violence = EncryptedTextField(blank=True)
    new_accounts = EncryptedTextField(blank=True)
    accountability = EncryptedTextField(blank=True)
    safe_channel = EncryptedTextField(blank=True)
    safe_device = EncryptedTextField(blank=True)
    online_accounts = EncryptedTextField(blank=True)
    escalation = EncryptedTextField(blank=True)
    stalkerware_found = models.CharField(
        _("stalkerware found?"), max_length=16, choices=StalkerwareFound.choices, blank=True
    )
    stalkerware_decision = models.CharField(
        _("decision"), max_length=16, choices=StalkerwareDecision.choices, blank=True
    )
    stalkerware_reason = EncryptedTextField(_("reason for the decision"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = manager(MembersQuerySet)

    class Meta:
        verbose_name = _("IT safety plan")
        verbose_name_plural = _("IT safety plans")

    def __str__(self) -> str:
        return f"{self.case_id}"

    def encryption_owner(self, field: str) -> KeyOwner:
        """Whose data key seals `field` (asap.core.datakeys)."""
        return KeyOwner(self.case_id, datakeys.VICTIM)
