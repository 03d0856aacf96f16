"""Reads of police and court records. Every function takes the `CaseAccess` the door gave
(or, across cases, the user: `upcoming_dates`). An order, a proceeding or a condition is
readable exactly when the read policy lets the reader read its timeline entry
(`Model.objects.visible_to(access)`); a progress report, when the reader is on the
perpetrator side."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from asap.accounts.models import User
from asap.cases.access import CaseAccess, shares_visible_to
from asap.cases.models import Share
from asap.cases.policy import Reader
from asap.justice.enums import ProceedingStatus
from asap.justice.models import (
    CourtCondition,
    CourtRecord,
    Proceeding,
    ProgressReport,
    ProtectionOrder,
    member_q,
)

RELATED = ("entry", "recorded_by", "organisation")


def orders_for(access: CaseAccess) -> QuerySet[ProtectionOrder]:
    """The case's protection orders the reader may read, latest first."""
    return ProtectionOrder.objects.visible_to(access).select_related(*RELATED)


def proceedings_for(access: CaseAccess) -> QuerySet[Proceeding]:
    """The case's proceedings the reader may read: ongoing first, soonest hearing first."""
    return Proceeding.objects.visible_to(access).select_related(*RELATED)


def conditions_for(access: CaseAccess) -> QuerySet[CourtCondition]:
    """The court-ordered conditions of his programme the reader may read, latest first."""
    return CourtCondition.objects.visible_to(access).select_related(*RELATED)


QUERIES = {
    ProtectionOrder: orders_for,
    Proceeding: proceedings_for,
    CourtCondition: conditions_for,
}
# The kinds of record as the views and URLs name them (views never import models).
KIND_MODELS: dict[str, type[CourtRecord]] = {
    "order": ProtectionOrder,
    "proceeding": Proceeding,
    "condition": CourtCondition,
}


def record_for(access: CaseAccess, model: type[CourtRecord], record_id: int) -> Any:
    """One readable order, proceeding or condition, or 404 (never a hint that it exists)."""
    record = QUERIES[model](access).filter(pk=record_id).first()
    if record is None:
        raise Http404
    return record


def shares_of(access: CaseAccess, record: CourtRecord) -> QuerySet[Share]:
    """The shares of the record's entry the reader may see."""
    return (
        shares_visible_to(access)
        .filter(entry_id=record.entry_id)
        .select_related("shared_by")
        .order_by("-shared_at")
    )


def reports_for(access: CaseAccess) -> QuerySet[ProgressReport]:
    """The programme's progress reports on the case (perpetrator side only), latest first."""
    return ProgressReport.objects.visible_to(access).select_related(
        "created_by", "sent_by", "condition"
    )


def report_for(access: CaseAccess, report_id: int) -> ProgressReport:
    report = reports_for(access).filter(pk=report_id).first()
    if report is None:
        raise Http404
    return report


def programme_conditions(access: CaseAccess) -> QuerySet[CourtCondition]:
    """The conditions a report may name: those the programme itself recorded (a report
    carries nothing another side wrote)."""
    return conditions_for(access).filter(recorded_side="perpetrator")


@dataclass(frozen=True)
class UpcomingDate:
    """A date ahead on one of the user's cases: an order's end, or a hearing."""

    case_id: int
    case_code: str
    date: datetime.date
    what: str  # "order_ends" or "hearing"
    label: Any
    url: str


ORDER_ENDS = _("A protection order ends")
HEARING = _("A court hearing")


def upcoming_dates(
    user: User, today: datetime.date, days: int = 14, readers: dict[int, Reader] | None = None
) -> list[UpcomingDate]:
    """Orders that end and hearings that fall within `days` from `today` (both included),
    on the open cases where `user` is an active member, as the read policy lets them read
    each record there (shares and consents included). Soonest first. Constant queries: the
    memberships and the consents once for both models (none if the caller has the user's
    `readers` on their open cases already), then one query per model."""
    until = today + datetime.timedelta(days=days)
    allowed = member_q(user, readers)  # this user's, this call's only
    orders = (
        ProtectionOrder.objects.of_member(user, allowed)
        .filter(valid_until__gte=today, valid_until__lte=until)
        .select_related("case")
        .only("pk", "case_id", "case__code", "valid_until")
    )
    hearings = (
        Proceeding.objects.of_member(user, allowed)
        .filter(status=ProceedingStatus.ONGOING, next_hearing__gte=today, next_hearing__lte=until)
        .select_related("case")
        .only("pk", "case_id", "case__code", "next_hearing")
    )
    found = [
        UpcomingDate(
            case_id=order.case_id,
            case_code=order.case.code,
            date=order.valid_until,
            what="order_ends",
            label=ORDER_ENDS,
            url=reverse("justice:order", args=[order.case_id, order.pk]),
        )
        for order in orders
    ]
    found += [
        UpcomingDate(
            case_id=proceeding.case_id,
            case_code=proceeding.case.code,
            date=proceeding.next_hearing,
            what="hearing",
            label=HEARING,
            url=reverse("justice:proceeding", args=[proceeding.case_id, proceeding.pk]),
        )
        for proceeding in hearings
    ]
    return sorted(found, key=lambda item: (item.date, item.case_code, item.what))
