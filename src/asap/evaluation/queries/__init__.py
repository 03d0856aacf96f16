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
from asap.evaluation.models import Network, NetworkMember, Stakeholder
from asap.evaluation.period import Period
from asap.evaluation.queries.cases import (
    actions,
    cases_by_phase,
    meetings,
    recidivism,
    risk_now,
    risk_over_time,
)
from asap.evaluation.queries.questionnaires import organisational_behaviour, outcome_change
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


def figures(cases: QuerySet, organisation_ids: Any, period: Period, rule: Rule) -> list[Figure]:
    """Every figure of a dashboard over the `cases` scope in the period; `organisation_ids`
    answer the organisational questionnaire; `rule` suppresses small cells (or not)."""
    return [
        cases_by_phase(cases, period, rule),
        risk_now(cases, period, rule),
        risk_over_time(cases, period, rule),
        recidivism(cases, period, rule),
        outcome_change(cases, period, rule),
        actions(cases, period, rule),
        meetings(cases, period, rule),
        organisational_behaviour(organisation_ids, period, rule),
    ]
