"""The reads of the evaluation app: scopes (which cases a dashboard covers), networks, the
stakeholder map, and every figure (`cases`, `questionnaires`).

A scope is a subquery of case ids: the cases an organisation takes part in, or those of the
network members that opted in. The query count of a dashboard does not depend on the number
of cases.
"""

from typing import Any

from django.db.models import Q, QuerySet

from asap.accounts.models import Organisation
from asap.cases.enums import AgencyStatus
from asap.cases.models import CaseAgency
from asap.evaluation.figures import Figure
from asap.evaluation.models import DashboardFigures, Network, NetworkMember, Stakeholder
from asap.evaluation.period import Period
from asap.evaluation.queries import cases as case_figures
from asap.evaluation.queries import questionnaires
from asap.evaluation.suppression import Rule

# --- scopes -------------------------------------------------------------------------------


def organisation_scope(organisation_ids: Any, period: Period) -> QuerySet:
    """The ids of the cases the organisations take part in that were open at some time in the
    period: opened before its end, and not closed before its start (a subquery)."""
    return (
        CaseAgency.objects.filter(organisation_id__in=organisation_ids, status=AgencyStatus.ACTIVE)
        .filter(case__opened_at__lt=period.until)
        .filter(Q(case__closed_on__isnull=True) | Q(case__closed_on__gte=period.start))
        .values("case_id")
    )


def counted_organisations(
    *, organisation: Organisation | None = None, network: Network | None = None
) -> list[int]:
    """The ids of the organisations a dashboard counts: an organisation itself, or the
    members that pool their figures in a network (opted in), in order."""
    if network is None:
        return [organisation.pk]
    return sorted(pooled_organisations(network).values_list("organisation_id", flat=True))


def kept_counts(
    period: Period, *, organisation: Organisation | None = None, network: Network | None = None
) -> DashboardFigures | None:
    """The counts kept for the dashboard of `organisation` (its own) or `network` and the
    period, if any (`asap evaluation refresh-figures`)."""
    return DashboardFigures.objects.filter(
        organisation=organisation, network=network, start=period.start, end=period.end
    ).first()


def pooled_organisations(network: Network) -> QuerySet:
    """The ids of the network's members that opted in (a subquery)."""
    return NetworkMember.objects.filter(network=network, opted_in=True).values("organisation_id")


def networks_for(user: Any) -> QuerySet[Network]:
    """The networks one of the user's coordinated organisations belongs to."""
    from asap.core.roles import Role

    organisations = [o.pk for o in user.organisations_where(Role.COORDINATOR)]
    return Network.objects.filter(members__organisation_id__in=organisations).distinct()


def network_for(user: Any, pk: int) -> Network:
    """A network the user coordinates a member of; 404 for anyone else."""
    from django.http import Http404

    network = networks_for(user).filter(pk=pk).first()
    if network is None:
        raise Http404
    return network


def members_of(network: Network) -> list[NetworkMember]:
    return list(network.members.select_related("organisation"))


def stakeholders_of(organisation: Organisation) -> QuerySet[Stakeholder]:
    return Stakeholder.objects.filter(organisation=organisation)


def stakeholder_of(organisation: Organisation, pk: int) -> Stakeholder:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(stakeholders_of(organisation), pk=pk)


# --- figures ------------------------------------------------------------------------------

# The figures of a dashboard, in their order: key → (the counts' query, the table).
CASE_FIGURES = {
    "cases_by_phase": (case_figures.cases_by_phase_counts, case_figures.cases_by_phase),
    "risk_now": (case_figures.risk_now_counts, case_figures.risk_now),
    "risk_over_time": (case_figures.risk_over_time_counts, case_figures.risk_over_time),
    "recidivism": (case_figures.recidivism_counts, case_figures.recidivism),
    "outcome_change": (questionnaires.outcome_change_counts, questionnaires.outcome_change),
    "actions": (case_figures.actions_counts, case_figures.actions),
    "meetings": (case_figures.meetings_counts, case_figures.meetings),
}
ORGANISATIONAL = "organisational_behaviour"
ORGANISATIONS = "organisations"  # the ids of the organisations counted, not a figure
LISTED_CASES = 10_000  # up to this many, a scope's case ids are passed as a list


def figure_counts(cases: QuerySet, organisation_ids: Any, period: Period) -> dict[str, Any]:
    """The numbers behind every figure of a dashboard over the `cases` scope in the period
    (`organisation_ids` answer the organisational questionnaire), as plain JSON: what
    `DashboardFigures` keeps. One query per figure whatever the number of cases."""
    counts = {key: count(cases, period) for key, (count, _table) in CASE_FIGURES.items()}
    counts[ORGANISATIONAL] = questionnaires.organisational_behaviour_counts(
        organisation_ids, period
    )
    return counts


def counts_for(
    period: Period, *, organisation: Organisation | None = None, network: Network | None = None
) -> dict[str, Any]:
    """`figure_counts` of the dashboard of `organisation` (its own) or `network`, with the
    organisations counted (`ORGANISATIONS`: a network's pooled members at that moment)."""
    counted = counted_organisations(organisation=organisation, network=network)
    scope = organisation_scope(counted, period)
    # The ids themselves, read once, let each count use the indexes on case_id; as a subquery
    # PostgreSQL misjudges it and scans every outcome score of the platform (issue 19).
    ids = sorted(set(scope.values_list("case_id", flat=True)[: LISTED_CASES + 1]))
    counts = figure_counts(ids if len(ids) <= LISTED_CASES else scope, counted, period)
    return {ORGANISATIONS: counted, **counts}


def figures_from(counts: dict[str, Any], rule: Rule) -> list[Figure]:
    """The dashboard's tables from its counts, in the reader's language; `rule` suppresses
    small cells (or not)."""
    tables = [table(counts[key], rule) for key, (_count, table) in CASE_FIGURES.items()]
    return [*tables, questionnaires.organisational_behaviour(counts[ORGANISATIONAL], rule)]


def figures(cases: QuerySet, organisation_ids: Any, period: Period, rule: Rule) -> list[Figure]:
    """Every figure of a dashboard over the `cases` scope in the period, computed now."""
    return figures_from(figure_counts(cases, organisation_ids, period), rule)
