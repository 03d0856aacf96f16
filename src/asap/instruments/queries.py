"""Reads of instrument data on a case. Every function takes the `CaseAccess` the door gave
and reads through `Model.objects.visible_to(access)`: the one read policy
(`asap.cases.policy`) decides. A protected answer never reaches the perpetrator side, her
own questionnaire stays on the victim side, and her answers to a joint checklist reach the
perpetrator side only while her consent for the programme is in force (other agencies:
under her consent for other agencies)."""

import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from asap.cases.access import CaseAccess
from asap.cases.enums import PersonRole
from asap.cases.models import Person
from asap.cases.querysets import SOURCE_SIDES
from asap.instruments import registry
from asap.instruments.definition import RISK_CHECKLIST
from asap.instruments.enums import AdministrationStatus
from asap.instruments.models import Administration, Answer, LevelConfirmation, SectionResult
from asap.instruments.schedule import ScheduledPoint, time_points

OUTCOME_KEYS = {"perpetrator": "outcome-perpetrator", "victim": "outcome-victim"}
SIDE_OF_SOURCE = {source: side for side, sources in SOURCE_SIDES.items() for source in sources}


def administrations_for(access: CaseAccess) -> QuerySet[Administration]:
    """The case's administrations the viewer may open, with their agreed levels and the
    sides that confirmed them. A withdrawn one is not among them (it stays in the audit
    trail)."""
    return (
        Administration.objects.visible_to(access)
        .exclude(status=AdministrationStatus.WITHDRAWN)
        .select_related("opened_by", "organisation")
        .prefetch_related(
            Prefetch("results", queryset=SectionResult.objects.visible_to(access)),
            Prefetch("confirmations", queryset=LevelConfirmation.objects.visible_to(access)),
        )
        .order_by("-opened_at", "-pk")
    )


def administration_for(
    access: CaseAccess, administration_id: int, *, with_levels: bool = True
) -> Administration:
    """One administration the viewer may open, or 404; without its agreed levels and
    confirmations (`with_levels=False`, for a write that needs neither: `add_levels`
    fetches them when the page is shown after all)."""
    from django.http import Http404

    administrations = administrations_for(access)
    if not with_levels:
        administrations = administrations.prefetch_related(None)
    administration = administrations.filter(pk=administration_id).first()
    if administration is None:
        raise Http404
    return administration


def case_page_administrations(access: CaseAccess) -> list[Administration]:
    """The joint risk checklists and outcome questionnaires the viewer may open (not
    withdrawn), newest first: one query for the case page's task list
    (`asap.cases.tasklist.gather_facts`, `outcome_points`) and the children's levels
    (`children_risk`), which read it instead of each reading the table again."""
    return list(
        Administration.objects.visible_to(access)
        .filter(definition_key__in=[RISK_CHECKLIST, *OUTCOME_KEYS.values()])
        .exclude(status=AdministrationStatus.WITHDRAWN)
        .order_by("-opened_at", "-pk")
    )


def add_levels(access: CaseAccess, administration: Administration) -> None:
    """The agreed levels and the confirmations of an administration fetched without them,
    through the policy, as `administrations_for` prefetches them (two queries, once)."""
    if "results" in getattr(administration, "_prefetched_objects_cache", {}):
        return
    prefetch_related_objects(
        [administration],
        Prefetch("results", queryset=SectionResult.objects.visible_to(access)),
        Prefetch("confirmations", queryset=LevelConfirmation.objects.visible_to(access)),
    )


def children(access: CaseAccess) -> list[Person]:
    """The case's children, in the order they were recorded: their ids and numbers only
    (labels "Child 1", "Child 2"; never a name). One query."""
    children = Person.objects.visible_to(access).filter(role=PersonRole.CHILD)
    return list(children.only("pk", "case", "role", "number").order_by("number", "pk"))


def child_ids(access: CaseAccess) -> list[int]:
    """The ids of the case's children, in the order they were recorded: whom a section
    answered per child is answered for. One query, no name."""
    children = Person.objects.visible_to(access).filter(role=PersonRole.CHILD)
    return list(children.order_by("number", "pk").values_list("pk", flat=True))


def answer_rows(access: CaseAccess, administration: Administration) -> list[Answer]:
    """The administration's answers the viewer may read, every section in one query; each
    knows its administration (whose case's key seals a value written back)."""
    rows = list(Answer.objects.visible_to(access).filter(administration=administration))
    for row in rows:
        row.administration = administration
    return rows


def by_child(rows: list[Answer]) -> dict[int | None, dict[str, dict[str, Any]]]:
    """child (None: not about one child) → item → source → value, of `answer_rows`."""
    answers: dict[int | None, dict[str, dict[str, Any]]] = {}
    for answer in rows:
        by_item = answers.setdefault(answer.child_id, {})
        by_item.setdefault(answer.item, {})[answer.source] = json.loads(answer.value)
    return answers


def given_by(
    answers: dict[int | None, dict[str, dict[str, Any]]], source: str
) -> dict[int | None, dict[str, Any]]:
    """child → item → value of the answers `source` gave, out of `by_child`'s table: what an
    answer form starts from."""
    return {
        child: {item: given[source] for item, given in by_item.items() if source in given}
        for child, by_item in answers.items()
    }


def answers_by_child(
    access: CaseAccess, administration: Administration
) -> dict[int | None, dict[str, dict[str, Any]]]:
    """child (None: not about one child) → item → source → value, for the answers the
    viewer may read."""
    return by_child(answer_rows(access, administration))


def answers_for(access: CaseAccess, administration: Administration) -> dict[str, dict[str, Any]]:
    """item → source → value, for the answers the viewer may read that are about no one
    child (every answer of an instrument without a section answered per child)."""
    return answers_by_child(access, administration).get(None, {})


def withheld_sides(access: CaseAccess, administration: Administration | None = None) -> set[str]:
    """The sides whose answers (on the case, or in `administration`) are kept from the
    viewer only by a consent not or no longer in force (hers; for other agencies, his
    waiver too): to show the withheld notice, never the answers. One query."""
    withheld = Answer.objects.withheld_from(access)
    if administration is not None:
        withheld = withheld.filter(administration=administration)
    sources = withheld.order_by().values_list("source", flat=True).distinct()
    return {SIDE_OF_SOURCE[source] for source in sources if source in SIDE_OF_SOURCE}


def results_for(administration: Administration) -> dict[str, SectionResult]:
    """The agreed levels of an administration fetched by `administrations_for` (prefetched
    through the policy)."""
    return {result.section: result for result in administration.results.all()}


@dataclass(frozen=True)
class LevelPoint:
    at: datetime.datetime
    section: str
    rule_level: str
    final_level: str
    reason: str
    child_id: int | None = None


def risk_history(access: CaseAccess, key: str = "risk-checklist") -> list[LevelPoint]:
    """The agreed levels of every completed risk assessment, oldest first."""
    results = (
        SectionResult.objects.visible_to(access)
        .filter(
            administration__definition_key=key,
            administration__status=AdministrationStatus.COMPLETED,
        )
        .select_related("administration")
        .order_by("administration__completed_at", "section", "child_id")
    )
    return [
        LevelPoint(
            r.administration.completed_at,
            r.section,
            r.rule_level,
            r.final_level,
            r.reason,
            r.child_id,
        )
        for r in results
    ]


def schedule_for(access: CaseAccess, today: datetime.date) -> list[ScheduledPoint]:
    case = access.case
    return time_points(
        programme_start=case.programme_start,
        intervention_start=case.intervention_start,
        programme_end=case.programme_end,
        follow_up_date=case.follow_up_date,
        today=today,
    )


@dataclass(frozen=True)
class DuePoint:
    point: ScheduledPoint
    respondent: str
    administration: Administration | None

    @property
    def is_done(self) -> bool:
        return bool(
            self.administration and self.administration.status == AdministrationStatus.COMPLETED
        )


def outcome_points(
    access: CaseAccess,
    today: datetime.date,
    administrations: list[Administration] | None = None,
) -> list[DuePoint]:
    """Each scheduled point for each respondent whose questionnaire the viewer may read,
    with the administration made for it, if any. `administrations`: the case page's
    `case_page_administrations`, when read already (no query of its own)."""
    respondents = ["perpetrator"] + (["victim"] if access.is_victim_side else [])
    if administrations is None:
        outcomes: Any = (
            Administration.objects.visible_to(access)
            .filter(definition_key__in=OUTCOME_KEYS.values())
            .exclude(status=AdministrationStatus.WITHDRAWN)
        )
    else:
        outcomes = [a for a in administrations if a.definition_key in OUTCOME_KEYS.values()]
    made = {(a.respondent, a.time_point, a.due_on): a for a in outcomes}
    return [
        DuePoint(point, respondent, made.get((respondent, point.point, point.due)))
        for point in schedule_for(access, today)
        for respondent in respondents
    ]


def outcome_series(access: CaseAccess) -> dict[str, list[tuple[str, dict[str, float]]]]:
    """respondent → [(time point label, item → value)] for completed outcome questionnaires
    the viewer may read; the items are the forms of violence both questionnaires share."""
    series: dict[str, list[tuple[str, dict[str, float]]]] = {}
    administrations = list(
        administrations_for(access)
        .filter(definition_key__in=OUTCOME_KEYS.values(), status=AdministrationStatus.COMPLETED)
        .order_by("due_on", "completed_at")
    )
    answers: dict[int, dict[str, Any]] = {}
    readable = Answer.objects.visible_to(access).filter(administration__in=administrations)
    for answer in readable:
        answers.setdefault(answer.administration_id, {})[answer.item] = json.loads(answer.value)
    for administration in administrations:
        definition = registry.get(
            administration.definition_key,
            administration.definition_version,
            administration.definition_owner_id,
        )
        values = {
            item: definition.item(item).value(value)
            for item, value in answers.get(administration.pk, {}).items()
        }
        label = administration.time_point or administration.completed_at.date().isoformat()
        series.setdefault(administration.respondent, []).append((label, values))
    return series


def organisation_administrations(organisation: Any) -> QuerySet[Administration]:
    """The organisation's own questionnaires (no case), newest first."""
    return Administration.objects.of_organisation(organisation).order_by("-opened_at", "-pk")


def organisation_administration(organisation: Any, administration_id: int) -> Administration:
    from django.http import Http404

    administration = organisation_administrations(organisation).filter(pk=administration_id).first()
    if administration is None:
        raise Http404
    return administration


def organisation_answers(administration: Administration) -> dict[str, Any]:
    """The answers of an organisation's own questionnaire (fetched for that organisation by
    `organisation_administration`)."""
    answers = Answer.objects.of_organisation(administration.organisation_id)
    return {
        answer.item: json.loads(answer.value)
        for answer in answers.filter(administration=administration)
    }
