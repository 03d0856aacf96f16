"""Administrations of instruments, their answers, and the agreed result per section.

An administration stores the key and version of the definition it used (and whose it is:
shipped with the platform, or uploaded by an organisation), so it renders with that version
for ever. Answers are encrypted: a text answer can say anything.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asap.accounts.models import Organisation
from asap.cases.models import JointCase, Person
from asap.cases.querysets import (
    AdministrationQuerySet,
    AnswerQuerySet,
    MembersQuerySet,
    ResultQuerySet,
    manager,
)
from asap.core import datakeys
from asap.core.datakeys import KeyOwner
from asap.core.fields import EncryptedTextField
from asap.instruments.enums import AdministrationStatus, Source, TimePoint

# Whose side an answer's source is (for the data key that seals it).
SOURCE_SIDE = {
    Source.VICTIM_SUPPORT_SERVICE: datakeys.VICTIM,
    Source.PERPETRATOR_PROGRAMME: datakeys.PERPETRATOR,
    Source.OTHER_AGENCY: datakeys.AGENCY,
}


class UploadedDefinition(models.Model):
    """An organisation's own definition: added, or replacing a shipped one by its key."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="instrument_definitions"
    )
    key = models.CharField(_("key"), max_length=64)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    respondent = models.CharField(_("respondent"), max_length=16)
    file_name = models.CharField(_("file"), max_length=200)
    source = models.TextField(_("definition (YAML)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["key", "-version"]
        verbose_name = _("uploaded definition")
        verbose_name_plural = _("uploaded definitions")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key", "version"], name="uploaded_definition_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"


class Administration(models.Model):
    """One filling-in of an instrument: for a case (risk, screening, outcome at a time
    point) or for an organisation (the organisational-behaviour questionnaire)."""

    case = models.ForeignKey(
        JointCase, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="administrations"
    )
    definition_key = models.CharField(_("instrument"), max_length=64)
    definition_version = models.PositiveIntegerField(_("version"))
    # None: the definition shipped with the platform; else the organisation that uploaded it.
    definition_owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    respondent = models.CharField(_("respondent"), max_length=16)
    compartment = models.CharField(_("who may read it"), max_length=16, default="joint")
    time_point = models.CharField(
        _("time point"), max_length=2, choices=TimePoint.choices, blank=True
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AdministrationStatus.choices,
        default=AdministrationStatus.OPEN,
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("started"), auto_now_add=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = manager(AdministrationQuerySet)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("administration")
        verbose_name_plural = _("administrations")
        indexes = [
            models.Index(fields=["case", "definition_key", "-opened_at"], name="admin_case_key"),
            models.Index(fields=["organisation", "definition_key"], name="admin_org_key"),
        ]

    def __str__(self) -> str:
        return f"{self.definition_key} v{self.definition_version} #{self.pk}"


class Answer(models.Model):
    """One source's answer to one item. The value is JSON, encrypted at rest."""

    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, related_name="answers"
    )
    item = models.CharField(_("item"), max_length=64)
    # The child this answer is about, in a section answered per child (Section B of the
    # joint risk checklist); none for every other item, and for an answer given for all the
    # children before each child was answered on its own.
    child = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("source"), max_length=32, choices=Source.choices)
    respondent = models.CharField(_("respondent"), max_length=16)
    compartment = models.CharField(_("who may read it"), max_length=16, default="joint")
    value = EncryptedTextField(_("answer"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), auto_now=True)

    objects = manager(AnswerQuerySet)

    class Meta:
        ordering = ["administration", "item", "source"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "item", "source"],
                condition=models.Q(child__isnull=True),
                name="answer_once_per_source",
            ),
            models.UniqueConstraint(
                fields=["administration", "item", "source", "child"],
                condition=models.Q(child__isnull=False),
                name="answer_once_per_source_and_child",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.administration_id} {self.item} ({self.source})"

    def encryption_owner(self, field: str) -> KeyOwner | None:
        """Whose data key seals `field` (asap.core.datakeys); an organisation's own
        questionnaire belongs to no case: the master keys."""
        case_id = self.administration.case_id
        if case_id is None:
            return None
        return datakeys.side_owner(case_id, SOURCE_SIDE.get(self.source))


class SectionResult(models.Model):
    """The agreed level of one scored section (of one child, for a section answered per
    child): the rule's level, the final level, and the reason when professional judgement
    raised it."""

    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, related_name="results"
    )
    section = models.CharField(_("section"), max_length=64)
    # A section answered per child gives each child its own level; none: the whole section.
    child = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    rule_level = models.CharField(_("level by the rule"), max_length=32)
    final_level = models.CharField(_("final level"), max_length=32)
    reason = EncryptedTextField(_("reason for raising the level"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    objects = manager(ResultQuerySet)

    class Meta:
        ordering = ["administration", "section"]
        verbose_name = _("section result")
        verbose_name_plural = _("section results")
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "section"],
                condition=models.Q(child__isnull=True),
                name="section_result_once",
            ),
            models.UniqueConstraint(
                fields=["administration", "section", "child"],
                condition=models.Q(child__isnull=False),
                name="section_result_once_per_child",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.administration_id} {self.section}: {self.final_level}"

    def encryption_owner(self, field: str) -> KeyOwner | None:
        """Whose data key seals `field` (asap.core.datakeys)."""
        case_id = self.administration.case_id
        return KeyOwner(case_id, datakeys.CASE) if case_id is not None else None


class ConfirmationQuerySet(MembersQuerySet):
    """Confirmations of a joint risk checklist: every member of its case reads them."""

    case_field = "administration__case"


class LevelConfirmation(models.Model):
    """One side's confirmation of the levels proposed in a joint risk checklist. The case's
    risk level is the checklist's only once a worker of each side taking part (the victim
    side and the perpetrator side) has confirmed it. It carries no content: a side, a
    worker and a time."""

    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, related_name="confirmations"
    )
    side = models.CharField(_("side"), max_length=16)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), auto_now_add=True)

    objects = manager(ConfirmationQuerySet)

    class Meta:
        ordering = ["administration", "confirmed_at"]
        verbose_name = _("level confirmation")
        verbose_name_plural = _("level confirmations")
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "side"], name="level_confirmed_once_per_side"
            )
        ]

    def __str__(self) -> str:
        return f"{self.administration_id} {self.side}"


class OutcomeReminder(models.Model):
    """A reminder sent for one scheduled outcome questionnaire: sent once, never twice."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="+")
    respondent = models.CharField(_("respondent"), max_length=16)
    time_point = models.CharField(_("time point"), max_length=2, choices=TimePoint.choices)
    due_on = models.DateField(_("due on"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("outcome reminder")
        verbose_name_plural = _("outcome reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "respondent", "time_point", "due_on"], name="outcome_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.respondent} {self.time_point} {self.due_on}"
