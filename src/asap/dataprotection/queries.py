"""What a data-protection officer may reach: the organisations they serve, and the cases those
organisations take part in, as codes and figures only (never names, notes or answers)."""

from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from asap.accounts.models import Organisation
from asap.cases.enums import AgencyStatus, CaseStatus
from asap.cases.models import CaseAgency, JointCase
from asap.core.queries import dpo_organisation_ids
from asap.core.roles import Role
from asap.dataprotection.enums import DecisionOutcome
from asap.dataprotection.models import (
    Breach,
    ErasureDecision,
    ProcessingActivity,
    RetentionReport,
    SubjectRequest,
)

# An agency that took part keeps its responsibility for the case after leaving it.
TOOK_PART = (AgencyStatus.ACTIVE, AgencyStatus.LEFT)


def dpo_organisations(user: Any) -> list[Organisation]:
    """The organisations the officer serves, by name (from the user's memberships, no query)."""
    return user.organisations_where(Role.DATA_PROTECTION_OFFICER)


def organisation_for(user: Any, organisation_id: int | None = None) -> Organisation | None:
    """The organisation the officer acts for: the one named, else their first."""
    organisations = dpo_organisations(user)
    if organisation_id is not None:
        return next((o for o in organisations if o.pk == organisation_id), None)
    return organisations[0] if organisations else None


def cases_of(organisation_ids: list[int]) -> QuerySet[JointCase]:
    """The cases the organisations took part in (metadata only)."""
    case_ids = CaseAgency.objects.filter(
        organisation_id__in=organisation_ids, status__in=TOOK_PART
    ).values("case_id")
    return JointCase.objects.filter(pk__in=case_ids).order_by("code")


def case_by_code(user: Any, code: str) -> JointCase | None:
    """A case of the officer's organisations by its code, or None (no hint of other cases)."""
    return cases_of(dpo_organisation_ids(user)).filter(code__iexact=code.strip()).first()


def case_figures(user: Any) -> dict[str, int]:
    """Counts for the overview page."""
    figures = cases_of(dpo_organisation_ids(user)).aggregate(
        open=Count("pk", filter=Q(status=CaseStatus.OPEN)),
        closed=Count("pk", filter=Q(status=CaseStatus.CLOSED)),
    )
    return {"open": figures["open"] or 0, "closed": figures["closed"] or 0}


def closed_cases_with_activity(organisation_ids: list[int] | None) -> QuerySet[JointCase]:
    """Closed cases (of the organisations; of all when None) with their last activity. A
    case whose processing is restricted (art. 18) is kept as it is: retention leaves it."""
    restricted = ErasureDecision.objects.filter(
        outcome=DecisionOutcome.RESTRICTED, lifted_at__isnull=True
    ).values("case_id")
    cases = JointCase.objects.filter(status=CaseStatus.CLOSED).exclude(pk__in=restricted)
    if organisation_ids is not None:
        cases = cases.filter(pk__in=cases_of(organisation_ids).values("pk"))
    return cases.annotate(last_entry=Max("timeline__at")).order_by("pk")


def reports_for(user: Any) -> QuerySet[RetentionReport]:
    """Retention reports prepared for the officer's organisations."""
    return RetentionReport.objects.filter(organisation_id__in=dpo_organisation_ids(user))


def report_for(user: Any, report_id: int) -> RetentionReport | None:
    return reports_for(user).filter(pk=report_id).first()


def requests_for(user: Any) -> QuerySet[SubjectRequest]:
    return SubjectRequest.objects.filter(
        organisation_id__in=dpo_organisation_ids(user)
    ).select_related("done_by")


def decisions_for(user: Any) -> QuerySet[ErasureDecision]:
    """The decisions on erasure requests taken for the officer's organisations."""
    return ErasureDecision.objects.filter(
        organisation_id__in=dpo_organisation_ids(user)
    ).select_related("decided_by", "lifted_by", "organisation")


def decision_for(user: Any, pk: int) -> ErasureDecision | None:
    return decisions_for(user).filter(pk=pk).first()


def activities_for(user: Any) -> QuerySet[ProcessingActivity]:
    return ProcessingActivity.objects.filter(
        organisation_id__in=dpo_organisation_ids(user)
    ).select_related("organisation")


def activity_for(user: Any, pk: int) -> ProcessingActivity | None:
    return activities_for(user).filter(pk=pk).first()


def breaches_for(user: Any) -> QuerySet[Breach]:
    return Breach.objects.filter(organisation_id__in=dpo_organisation_ids(user)).select_related(
        "organisation"
    )


def breach_for(user: Any, pk: int) -> Breach | None:
    return breaches_for(user).filter(pk=pk).first()
