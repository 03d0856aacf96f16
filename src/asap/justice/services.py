"""Writes of the justice app: recording and changing protection orders, proceedings and court
conditions, and drafting, changing and sending progress reports. Each writes its audit row
(field names, never values) and, where the case's members expect one, its timeline entry in
one transaction."""

import datetime
import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from asap.accounts.models import User
from asap.cases.access import CaseAccess
from asap.cases.enums import Compartment, EntryKind, Side
from asap.cases.services import record_timeline
from asap.core import audit
from asap.core.versioning import ConcurrentEditError, save_versioned
from asap.justice.enums import (
    CONDITION_DEFAULT,
    ORDER_DEFAULT,
    PROCEEDING_DEFAULT,
    OrderKind,
    ProceedingKind,
    ReportStatus,
    ReportTo,
)
from asap.justice.models import (
    CourtCondition,
    CourtRecord,
    Proceeding,
    ProgressReport,
    ProtectionOrder,
)

ORDER_FIELDS = [
    "kind",
    "issuing_authority",
    "issued_on",
    "valid_from",
    "valid_until",
    "minimum_distance_m",
    "no_contact",
    "other_conditions",
    "protects",
]
PROCEEDING_FIELDS = ["kind", "court", "reference", "next_hearing", "status", "note"]
CONDITION_FIELDS = [
    "ordered_by",
    "ordered_on",
    "reference",
    "required_sessions",
    "report_to",
    "reporting_interval",
    "other_conditions",
]
REPORT_FIELDS = [
    "condition",
    "period_from",
    "period_to",
    "report_to",
    "recipient",
    "covering_note",
]

KINDS: dict[type[CourtRecord], tuple[str, str, dict[str, str]]] = {
    ProtectionOrder: (EntryKind.PROTECTION_ORDER, "protection_order", ORDER_DEFAULT),
    Proceeding: (EntryKind.PROCEEDING, "proceeding", PROCEEDING_DEFAULT),
    CourtCondition: (EntryKind.PROCEEDING, "court_condition", CONDITION_DEFAULT),
}


# The recipient inside a sentence ("Progress report sent to the court").
RECIPIENT_IN_A_SENTENCE = {
    ReportTo.COURT: pgettext_lazy("sent to", "the court"),
    ReportTo.PROBATION: pgettext_lazy("sent to", "the probation service"),
}


class NotYourSideError(PermissionError):
    """The actor's side may not do this (record under that compartment, change another
    side's record, or touch the programme's reports)."""


class ReportAlreadySentError(ValueError):
    """A report that was sent no longer changes."""


class FiguresChangedError(ValueError):
    """The register changed after the worker reviewed the report: review it again."""


def _audit(actor: User, action: str, obj: object, access: CaseAccess, fields: list[str]) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=obj,
        organisation_id=access.organisation_id,
        case_id=access.case.pk,
        fields=fields,
    )


def default_compartment(access: CaseAccess, model: type[CourtRecord]) -> str:
    """The compartment offered first to the actor's side (`asap.justice.enums`)."""
    return KINDS[model][2].get(access.side or "", Compartment.JOINT)


def _day(day: Any) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _title(record: CourtRecord) -> str:
    """The entry's title: kind and dates, never a text of the record (those are read on the
    record itself, by the same readers)."""
    if isinstance(record, ProtectionOrder):
        until = _day(record.valid_until) if record.valid_until else "…"
        return f"{OrderKind(record.kind).label} · {_day(record.valid_from)} - {until}"
    if isinstance(record, Proceeding):
        hearing = _day(record.next_hearing) if record.next_hearing else "—"
        return _("%(kind)s proceeding · next hearing %(date)s") % {
            "kind": ProceedingKind(record.kind).label,
            "date": hearing,
        }
    return _("Court-ordered programme condition · %(date)s, report to %(to)s") % {
        "date": _day(record.ordered_on),
        "to": RECIPIENT_IN_A_SENTENCE[record.report_to],
    }


def may_change(access: CaseAccess, record: CourtRecord) -> bool:
    """Only the side that recorded an order, a proceeding or a condition changes it."""
    return access.is_member and access.side == record.recorded_side


def _check_compartment(access: CaseAccess, compartment: str) -> None:
    if not access.is_member or compartment not in access.writable_compartments():
        raise NotYourSideError(f"A {access.side}-side member cannot file under {compartment}.")


def record_court_record(
    *,
    actor: User,
    access: CaseAccess,
    model: type[CourtRecord],
    compartment: str,
    **values: Any,
) -> CourtRecord:
    """Record an order, a proceeding or a court condition (`model`) under `compartment`, one
    the actor's side writes (NotYourSideError otherwise).

    Side effects: a PROTECTION_ORDER or PROCEEDING timeline entry in that compartment,
    recorded by the actor's side (the entry decides who reads the record); audit
    `<kind>.add` naming the fields.
    """
    _check_compartment(access, compartment)
    kind, name, _default = KINDS[model]
    with transaction.atomic():
        record = model(
            case=access.case,
            recorded_side=access.side,
            recorded_by=actor,
            organisation_id=access.organisation_id,
            **values,
        )
        record.entry = record_timeline(
            case=access.case,
            kind=kind,
            compartment=compartment,
            actor=actor,
            organisation_id=access.organisation_id,
            title=_title(record),
            recorded_side=access.side or "",
        )
        record.save()
        _audit(actor, f"{name}.add", record, access, ["compartment", *values])
    return record


def update_court_record(
    *,
    actor: User,
    access: CaseAccess,
    record: CourtRecord,
    expected_version: int,
    compartment: str | None = None,
    **values: Any,
) -> CourtRecord:
    """Change an order, a proceeding or a condition, and maybe the compartment it is filed
    under (one the actor's side writes). Raises NotYourSideError when the actor's side did
    not record it, ConcurrentEditError on a stale version. Side effects: its entry's title
    (and compartment) follow; audit `<kind>.update` naming the changed fields."""
    if not may_change(access, record):
        raise NotYourSideError("Only the side that recorded it changes it.")
    if compartment is not None:
        _check_compartment(access, compartment)
    name = KINDS[type(record)][1]
    changed = [field for field, value in values.items() if getattr(record, field) != value]
    entry = record.entry
    if compartment is not None and compartment != entry.compartment:
        changed.append("compartment")
    with transaction.atomic():
        for field, value in values.items():
            setattr(record, field, value)
        save_versioned(record, fields=list(values), expected_version=expected_version)
        entry.title = _title(record)
        entry.compartment = compartment or entry.compartment
        entry.edited_at = timezone.now()
        entry.save(update_fields=["title", "compartment", "edited_at"])
        _audit(actor, f"{name}.update", record, access, changed)
    return record


# Progress reports: the programme's own.


def _programme_side(access: CaseAccess) -> None:
    if access.side != Side.PERPETRATOR:
        raise NotYourSideError("Progress reports are the perpetrator side's.")


def draft_report(
    *,
    actor: User,
    access: CaseAccess,
    period_from: datetime.date,
    period_to: datetime.date,
    report_to: str,
    recipient: str = "",
    covering_note: str = "",
    condition: CourtCondition | None = None,
) -> ProgressReport:
    """Draft a progress and attendance report for the court or the probation service.
    Perpetrator side only (NotYourSideError). Side effect: audit `progress_report.add`."""
    _programme_side(access)
    with transaction.atomic():
        report = ProgressReport.objects.create(
            case=access.case,
            condition=condition,
            period_from=period_from,
            period_to=period_to,
            report_to=report_to,
            recipient=recipient,
            covering_note=covering_note,
            created_by=actor,
            organisation_id=access.organisation_id,
        )
        _audit(actor, "progress_report.add", report, access, REPORT_FIELDS)
    return report


def update_report(
    *,
    actor: User,
    access: CaseAccess,
    report: ProgressReport,
    expected_version: int,
    **values: Any,
) -> ProgressReport:
    """Change a draft. Raises ReportAlreadySentError once sent, ConcurrentEditError on a
    stale version. Side effect: audit `progress_report.update` naming the changed fields."""
    _programme_side(access)
    if report.status != ReportStatus.DRAFT:
        raise ReportAlreadySentError("A sent report no longer changes.")
    changed = [field for field, value in values.items() if getattr(report, field) != value]
    with transaction.atomic():
        for field, value in values.items():
            setattr(report, field, value)
        save_versioned(report, fields=list(values), expected_version=expected_version)
        _audit(actor, "progress_report.update", report, access, changed)
    return report


def figures_digest(figures: dict[str, Any]) -> str:
    """A short fingerprint of the figures a worker reviewed (compared when sending)."""
    text = json.dumps(figures, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def mark_report_sent(
    *,
    actor: User,
    access: CaseAccess,
    report: ProgressReport,
    expected_version: int,
    figures: dict[str, Any],
    reviewed_digest: str,
) -> ProgressReport:
    """Record that the reviewed report went to the court or the probation service: who,
    when, to whom, and the figures it carried (kept, so it prints again as sent).

    Raises ReportAlreadySentError if it was sent, FiguresChangedError when the register
    changed after the worker reviewed it (`reviewed_digest` is the digest of the figures on
    the page they reviewed), ConcurrentEditError on a stale version. Side effects: a
    PROCEEDING timeline entry, joint, recorded by the perpetrator side, naming the recipient
    kind and the period only (the victim side learns that a report went, not what it said);
    audit `progress_report.send`.
    """
    _programme_side(access)
    if report.status != ReportStatus.DRAFT:
        raise ReportAlreadySentError("This report was sent already.")
    if figures_digest(figures) != reviewed_digest:
        raise FiguresChangedError("The register changed since the report was reviewed.")
    title = _("Progress report sent to %(to)s · %(start)s to %(end)s") % {
        "to": RECIPIENT_IN_A_SENTENCE[report.report_to],
        "start": report.period_from.isoformat(),
        "end": report.period_to.isoformat(),
    }
    with transaction.atomic():
        report.entry = record_timeline(
            case=access.case,
            kind=EntryKind.PROCEEDING,
            compartment=Compartment.JOINT,
            actor=actor,
            organisation_id=access.organisation_id,
            title=title,
            recorded_side=Side.PERPETRATOR,
        )
        report.status = ReportStatus.SENT
        report.sent_by = actor
        report.sent_at = timezone.now()
        report.figures = json.dumps(figures, sort_keys=True, default=str)
        fields = ["status", "sent_by", "sent_at", "figures", "entry"]
        save_versioned(report, fields=fields, expected_version=expected_version)
        _audit(actor, "progress_report.send", report, access, [*fields, "report_to", "recipient"])
    return report


__all__ = [
    "ConcurrentEditError",
    "FiguresChangedError",
    "NotYourSideError",
    "ReportAlreadySentError",
    "default_compartment",
    "draft_report",
    "mark_report_sent",
    "may_change",
    "record_court_record",
    "update_court_record",
    "update_report",
]
