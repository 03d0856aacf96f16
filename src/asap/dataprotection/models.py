"""The data-protection officer's records: retention rules and reports, erasures, erasures
refused or restricted, the register of processing activities (GDPR art. 30) and the breach
record (art. 33).

None of these holds case content: reports list case ids and codes with counts, an erasure
record names the person by role ("the woman", "Child 2"), never by name.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asap.accounts.models import Organisation
from asap.core.fields import EncryptedTextField
from asap.dataprotection.enums import (
    DecisionOutcome,
    LegalGround,
    PersonChoice,
    RecordKind,
    ReportStatus,
    RequestKind,
)


class RetentionRule(models.Model):
    """How long an organisation keeps one kind of record of a closed case."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="retention_rules"
    )
    kind = models.CharField(_("record kind"), max_length=16, choices=RecordKind.choices)
    years = models.PositiveSmallIntegerField(_("years after the last activity"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["organisation", "kind"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="retention_rule_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.kind}: {self.years}"


class RetentionReport(models.Model):
    """A dry run of the retention rules: what would be anonymised (case ids, codes, counts).
    Applying it anonymises exactly the listed cases that are still due."""

    created_at = models.DateTimeField(_("prepared"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The organisation whose officer reviews and applies it; none: a run of `asap retention`
    # over every organisation.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # [{"case_id": 1, "code": "JC-…", "kind": "people", "records": 3}, …]
    items = models.JSONField(_("what would be anonymised"), default=list)
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.PROPOSED
    )
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("retention report")
        verbose_name_plural = _("retention reports")

    def __str__(self) -> str:
        return f"#{self.pk} {self.status}"

    @property
    def case_codes(self) -> list[str]:
        return sorted({item["code"] for item in self.items})


class Anonymisation(models.Model):
    """One kind of record of one case was anonymised: it is not listed again."""

    case_id = models.PositiveBigIntegerField(_("case"), db_index=True)
    kind = models.CharField(_("record kind"), max_length=16, choices=RecordKind.choices)
    report = models.ForeignKey(
        RetentionReport, on_delete=models.SET_NULL, null=True, related_name="anonymisations"
    )
    at = models.DateTimeField(_("anonymised"), auto_now_add=True)

    class Meta:
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")
        constraints = [
            models.UniqueConstraint(fields=["case_id", "kind"], name="anonymisation_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class SubjectRequest(models.Model):
    """A data subject's request that was carried out: an erasure or a subject-access export.
    Who, when, which case and person (by role) and the request reference; never what was
    erased or exported."""

    kind = models.CharField(_("request"), max_length=8, choices=RequestKind.choices)
    case_id = models.PositiveBigIntegerField(_("case"), db_index=True)
    case_code = models.CharField(_("case code"), max_length=16)
    person = models.CharField(_("person"), max_length=16, choices=PersonChoice.choices)
    reference = models.CharField(_("request reference"), max_length=120)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    done_at = models.DateTimeField(_("carried out"), auto_now_add=True)
    # Names of the fields that were erased or exported, e.g. "person.name" (never values).
    fields = models.JSONField(_("fields"), default=list)

    class Meta:
        ordering = ["-done_at", "-pk"]
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")

    def __str__(self) -> str:
        return f"{self.kind} {self.case_code} · {self.person}"


class ErasureDecision(models.Model):
    """An erasure request refused, or answered by restricting processing instead (GDPR
    art. 17(3), art. 18), on a recorded legal ground; the letter to the requester is built
    from it. A restriction in force freezes the person's case: its content is read-only for
    everyone (`asap.dataprotection.restrictions`) until an officer lifts it."""

    outcome = models.CharField(_("decision"), max_length=10, choices=DecisionOutcome.choices)
    ground = models.CharField(_("legal ground"), max_length=24, choices=LegalGround.choices)
    # The officer's reasons, as the letter gives them to the requester.
    explanation = EncryptedTextField(_("explanation"))
    case_id = models.PositiveBigIntegerField(_("case"), db_index=True)
    case_code = models.CharField(_("case code"), max_length=16)
    person = models.CharField(_("person"), max_length=16, choices=PersonChoice.choices)
    reference = models.CharField(_("request reference"), max_length=120)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("restriction lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("decision on an erasure request")
        verbose_name_plural = _("decisions on erasure requests")

    def __str__(self) -> str:
        return f"{self.outcome} {self.case_code} · {self.person}"

    @property
    def in_force(self) -> bool:
        """A restriction not lifted (a refusal freezes nothing)."""
        return self.outcome == DecisionOutcome.RESTRICTED and self.lifted_at is None


class ProcessingActivity(models.Model):
    """One entry of the record of processing activities (GDPR art. 30)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="processing_activities"
    )
    name = models.CharField(_("processing activity"), max_length=200)
    controller = models.TextField(_("controller and contact details"), blank=True)
    purpose = models.TextField(_("purposes of the processing"))
    data_subjects = models.TextField(_("categories of data subjects"))
    data_categories = models.TextField(_("categories of personal data"))
    recipients = models.TextField(_("categories of recipients"))
    transfers = models.TextField(_("transfers to third countries"), blank=True)
    retention = models.TextField(_("time limits for erasure"))
    security = models.TextField(_("technical and organisational security measures"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["organisation", "name", "pk"]
        verbose_name = _("processing activity")
        verbose_name_plural = _("processing activities")

    def __str__(self) -> str:
        return self.name


class Breach(models.Model):
    """A personal data breach as article 33 asks it to be documented."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    discovered_at = models.DateTimeField(_("discovered"))
    nature = EncryptedTextField(_("nature of the breach"))
    data_categories = EncryptedTextField(_("categories of data concerned"))
    subjects_affected = models.PositiveIntegerField(_("approximate number of data subjects"))
    records_affected = models.PositiveIntegerField(_("approximate number of records"))
    consequences = EncryptedTextField(_("likely consequences"))
    measures = EncryptedTextField(_("measures taken or proposed"))
    authority_notified_at = models.DateTimeField(
        _("supervisory authority notified"), null=True, blank=True
    )
    subjects_notified_at = models.DateTimeField(_("data subjects notified"), null=True, blank=True)
    reason_not_notified = EncryptedTextField(_("reason for not notifying"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-discovered_at", "-pk"]
        verbose_name = _("personal data breach")
        verbose_name_plural = _("personal data breaches")

    def __str__(self) -> str:
        return f"{self.organisation_id} · {self.discovered_at:%Y-%m-%d}"
