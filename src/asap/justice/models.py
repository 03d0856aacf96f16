"""Police and court on a joint case: protection orders, proceedings, the conditions a court
put on the man's programme, and the progress reports the programme sends back.

An order, a proceeding and a court condition each own one timeline entry: the entry's
compartment (chosen by the recorder among those their side writes) and its shares decide
who reads the record, as for an episode. A progress report is the programme's own: the
perpetrator side reads it, nobody else. Every field is classified in
`asap.justice.compartments`.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from asap.accounts.models import Organisation
from asap.cases.enums import Compartment, Side
from asap.cases.models import JointCase, TimelineEntry
from asap.cases.policy import Reader, may_read
from asap.cases.querysets import (
    EntryOwnedQuerySet,
    across_cases_q,
    manager,
    reader,
    readers_of_member,
    shared_with,
)
from asap.core import datakeys
from asap.core.datakeys import KeyOwner
from asap.core.fields import EncryptedTextField
from asap.core.scopes import CaseContentQuerySet
from asap.justice.enums import (
    OrderKind,
    ProceedingKind,
    ProceedingStatus,
    Protects,
    ReportingInterval,
    ReportStatus,
    ReportTo,
)


class CourtRecordQuerySet(EntryOwnedQuerySet):
    """Records that own a timeline entry, and the same policy across a worker's cases."""

    def of_member(self, user: Any, allowed: Q | None = None) -> "CourtRecordQuerySet":
        """The rows `user` reads across the open cases where they are an active member: on
        each case what their side reads there under the consents in force on it, shares
        included (for the dates ahead in "My work"). Two queries of policy: the memberships,
        then the consents of those cases; none when given `allowed`, the filter
        `member_q(user)` built for the same user in the same request (one build for orders
        and hearings)."""
        if allowed is None:
            allowed = member_q(user)
        queryset = self.filter(allowed)
        queryset.query.through_policy = True
        return queryset


def member_q(user: Any, readers: dict[int, Reader] | None = None) -> Q:
    """The policy's filter of `CourtRecordQuerySet.of_member` for `user` (any court record:
    the same columns on every kind). `readers`: the user's readers on their open cases where
    the caller has them already (`Inbox.readers`), else read here (two queries)."""
    if readers is None:
        readers = readers_of_member(user, open_cases=True)
    return across_cases_q(
        readers,
        compartment="entry__compartment",
        recorded="entry__recorded_side",
        shared=lambda side: shared_with(side, "entry"),
    )


class CourtRecord(models.Model):
    """What an order, a proceeding and a court condition share: the case, the entry that
    decides who reads it, who recorded it, and its version."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="+")
    entry = models.OneToOneField(TimelineEntry, on_delete=models.CASCADE, related_name="+")
    # The side whose worker recorded it: whose key seals its texts, who may change it.
    recorded_side = models.CharField(_("recorded by"), max_length=16, choices=Side.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = manager(CourtRecordQuerySet)

    class Meta:
        abstract = True

    def encryption_owner(self, field: str) -> KeyOwner:
        """Whose data key seals `field` (asap.core.datakeys): the recording side's."""
        return datakeys.side_owner(self.case_id, self.recorded_side)


class ProtectionOrder(CourtRecord):
    """An order protecting the woman or the children from the man."""

    kind = models.CharField(_("kind of order"), max_length=24, choices=OrderKind.choices)
    issuing_authority = EncryptedTextField(_("issued by"))
    issued_on = models.DateField(_("issued on"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    minimum_distance_m = models.PositiveIntegerField(
        _("minimum distance (metres)"), null=True, blank=True
    )
    no_contact = models.BooleanField(_("no contact"), default=False)
    other_conditions = EncryptedTextField(_("other conditions"), blank=True)
    protects = models.CharField(_("protects"), max_length=8, choices=Protects.choices)

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("protection order")
        verbose_name_plural = _("protection orders")
        indexes = [
            models.Index(fields=["case", "-valid_from"], name="order_case_from"),
            models.Index(fields=["valid_until"], name="order_valid_until"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.kind} · {self.valid_from:%Y-%m-%d}"


class Proceeding(CourtRecord):
    """A criminal, civil or family proceeding, with its next hearing."""

    kind = models.CharField(_("kind of proceeding"), max_length=16, choices=ProceedingKind.choices)
    court = EncryptedTextField(_("court"))
    reference = EncryptedTextField(_("court reference"), blank=True)
    next_hearing = models.DateField(_("next hearing"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProceedingStatus.choices,
        default=ProceedingStatus.ONGOING,
    )
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["status", "next_hearing", "-pk"]
        verbose_name = _("court proceeding")
        verbose_name_plural = _("court proceedings")
        indexes = [
            models.Index(fields=["case", "status"], name="proceeding_case_status"),
            models.Index(fields=["next_hearing"], name="proceeding_next_hearing"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.kind} · {self.status}"


class CourtCondition(CourtRecord):
    """The conditions a court (or a prosecutor, or the probation service) put on the man's
    programme: how many sessions, and to whom the programme reports, how often."""

    ordered_by = EncryptedTextField(_("ordered by"))
    ordered_on = models.DateField(_("ordered on"))
    reference = EncryptedTextField(_("court reference"), blank=True)
    required_sessions = models.PositiveSmallIntegerField(
        _("sessions required"), null=True, blank=True
    )
    report_to = models.CharField(_("report to"), max_length=16, choices=ReportTo.choices)
    reporting_interval = models.CharField(
        _("reporting interval"), max_length=16, choices=ReportingInterval.choices
    )
    other_conditions = EncryptedTextField(_("other conditions"), blank=True)

    class Meta:
        ordering = ["-ordered_on", "-pk"]
        verbose_name = _("court-ordered programme condition")
        verbose_name_plural = _("court-ordered programme conditions")
        indexes = [models.Index(fields=["case", "-ordered_on"], name="condition_case_date")]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.report_to} · {self.ordered_on:%Y-%m-%d}"


class ProgrammeSideQuerySet(CaseContentQuerySet):
    """The programme's own records: the perpetrator side of the case reads them, and (the
    read policy's perpetrator compartment without a share) nobody else."""

    def policy(self, access: Any) -> "ProgrammeSideQuerySet":
        if not access.is_member:
            return self.none()
        if not may_read(reader(access), Compartment.PERPETRATOR, Side.PERPETRATOR):
            return self.none()
        return self.filter(case=access.case)


class ProgressReport(models.Model):
    """A progress and attendance report on the man's programme for the court or the
    probation service: a draft the worker reviews, then marked as sent (who, when, to whom).
    Once sent, the figures it carried are kept (`figures`) and it no longer changes."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="+")
    condition = models.ForeignKey(
        CourtCondition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("court condition"),
    )
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    report_to = models.CharField(_("report to"), max_length=16, choices=ReportTo.choices)
    recipient = EncryptedTextField(_("recipient"), blank=True)
    covering_note = EncryptedTextField(_("covering note"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # The figures as sent (JSON), so that the report can be printed again as it went out.
    figures = EncryptedTextField(_("figures as sent"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("drafted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    entry = models.OneToOneField(
        TimelineEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = manager(ProgrammeSideQuerySet)

    class Meta:
        ordering = ["-period_to", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        indexes = [models.Index(fields=["case", "-period_to"], name="progress_report_case")]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.period_from:%Y-%m-%d} to {self.period_to:%Y-%m-%d}"

    def encryption_owner(self, field: str) -> KeyOwner:
        """Whose data key seals `field`: the programme's (perpetrator side)."""
        return KeyOwner(self.case_id, datakeys.PERPETRATOR)
