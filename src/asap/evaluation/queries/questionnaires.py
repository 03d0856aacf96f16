"""The figures over the questionnaires: outcome change and organisational behaviour.

Their answers are encrypted at rest, so SQL cannot sum them: each completed outcome
questionnaire is totalled once (`OutcomeScore`) and the totals are aggregated in SQL; the
organisational questionnaires (a few per organisation, not per case) are read in one query.
Only scored choices are read, never free text.
"""

import json
from collections import defaultdict
from typing import Any

from django.db.models import Avg, Count, Exists, F, OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from asap.core.scopes import named_scope
from asap.evaluation.figures import Figure, Row
from asap.evaluation.models import OutcomeScore
from asap.evaluation.period import Period
from asap.evaluation.queries.cases import Cases
from asap.evaluation.suppression import Rule
from asap.instruments import registry
from asap.instruments.definition import Definition, Item, text_in
from asap.instruments.enums import AdministrationStatus, TimePoint
from asap.instruments.models import Answer
from asap.instruments.queries import OUTCOME_KEYS

OUTCOME_SECTION = "forms"
OUTCOME_POINTS = [TimePoint.T0, TimePoint.T3, TimePoint.T4]
ORGANISATION_KEY = "organisational-behaviour"


def outcome_change_counts(cases: Cases, period: Period) -> Any:
    """[respondent, time point, mean total, cases] at T0, T3 and T4 ("means"), and the mean
    change from T0 over the cases that have both points ("changes")."""
    with named_scope("evaluation"):
        _score_new_outcomes(cases)
        scores = OutcomeScore.objects.filter(case_id__in=cases, time_point__in=OUTCOME_POINTS)
        means = scores.values("respondent", "time_point").annotate(
            mean=Avg("total"), cases=Count("case_id", distinct=True)
        )
        start = OutcomeScore.objects.filter(
            case_id=OuterRef("case_id"), respondent=OuterRef("respondent"), time_point=TimePoint.T0
        ).values("total")[:1]
        changes = (
            scores.exclude(time_point=TimePoint.T0)
            .annotate(start=Subquery(start))
            .filter(start__isnull=False)
            .values("respondent", "time_point")
            .annotate(change=Avg(F("total") - F("start")), cases=Count("case_id", distinct=True))
        )
        return {
            "means": [
                [r["respondent"], r["time_point"], r["mean"], r["cases"]]
                for r in means.order_by("respondent", "time_point")
            ],
            "changes": [
                [r["respondent"], r["time_point"], r["change"], r["cases"]]
                for r in changes.order_by("respondent", "time_point")
            ],
        }


def outcome_change(counts: Any, rule: Rule) -> Figure:
    """The mean total frequency of the forms of violence at T0, T3 and T4 for each
    respondent, and the mean change from T0 over the cases that have both points."""
    means = {(r, p): {"value": v, "cases": n} for r, p, v, n in counts["means"]}
    changes = {(r, p): {"value": v, "cases": n} for r, p, v, n in counts["changes"]}
    empty = {"value": None, "cases": 0}
    rows = []
    for respondent, label in [
        ("perpetrator", pgettext("respondent", "The man")),
        ("victim", pgettext("respondent", "The woman")),
    ]:
        found = [means.get((respondent, p), empty) for p in OUTCOME_POINTS]
        moved = [changes.get((respondent, p), empty) for p in OUTCOME_POINTS[1:]]
        rows.append(
            Row(
                label,
                [rule.cell(r["value"], r["cases"]) for r in found]
                + [rule.cell(r["value"], r["cases"]) for r in moved],
            )
        )
    return Figure(
        "outcome_change",
        _("Outcome change"),
        _(
            "Mean total frequency of the six forms of violence in the outcome questionnaire "
            "(0 never … 4 weekly or more, for each form: 0 to 24; lower is better) at T0, T3 "
            "and T4, and the mean change from T0 over the cases with both points."
        ),
        ["T0", "T3", "T4", _("Change T0→T3"), _("Change T0→T4")],
        rows,
    )


def _outcome_items() -> set[str]:
    return {
        item.key
        for (key, _v), definition in registry.shipped().items()
        if key in OUTCOME_KEYS.values()
        for item in definition.items
        if item.section == OUTCOME_SECTION
    }


def _item(definition: Definition, key: str) -> Item | None:
    """The definition's item `key`, or None if this version has no such item."""
    try:
        return definition.item(key)
    except StopIteration:
        return None


def _score_new_outcomes(cases: Cases) -> None:
    """Total the completed outcome questionnaires of `cases` not totalled yet (one query to
    read their answers, one to store the totals)."""
    with named_scope("evaluation"):
        answers = Answer.objects.filter(
            administration__case_id__in=cases,
            administration__definition_key__in=OUTCOME_KEYS.values(),
            administration__status=AdministrationStatus.COMPLETED,
            administration__time_point__in=OUTCOME_POINTS,
            item__in=_outcome_items(),
        ).exclude(
            Exists(OutcomeScore.objects.filter(administration_id=OuterRef("administration_id")))
        )
        totals: dict[int, OutcomeScore] = {}
        definitions: dict[tuple[str, int, int | None], Any] = {}
        for row in answers.values_list(
            "administration_id",
            "administration__case_id",
            "administration__respondent",
            "administration__time_point",
            "administration__definition_key",
            "administration__definition_version",
            "administration__definition_owner_id",
            "item",
            "value",
        ):
            administration, case_id, respondent, point, key, version, owner, item, value = row
            definition = definitions.get((key, version, owner))
            if definition is None:
                definition = definitions[key, version, owner] = registry.get(key, version, owner)
            found = _item(definition, item)
            score = totals.setdefault(
                administration,
                OutcomeScore(
                    administration_id=administration,
                    case_id=case_id,
                    respondent=respondent,
                    time_point=point,
                    total=0,
                ),
            )
            # Only the forms of violence both questionnaires share are counted, never free text.
            if found is not None and found.section == OUTCOME_SECTION and found.type == "single":
                score.total += found.value(json.loads(value))
        if totals:
            OutcomeScore.objects.bulk_create(totals.values(), ignore_conflicts=True)


def organisational_behaviour_counts(organisation_ids: Any, period: Period) -> Any:
    """Per year, the organisational-behaviour questionnaires completed in the period and the
    mean score of each section ("rows": [year, questionnaires, {section: mean}]), with the
    sections' titles in every language of their definitions ("titles")."""
    with named_scope("evaluation"):
        answers = Answer.objects.filter(
            administration__organisation_id__in=organisation_ids,
            administration__case__isnull=True,
            administration__definition_key=ORGANISATION_KEY,
            administration__status=AdministrationStatus.COMPLETED,
            administration__completed_at__gte=period.since,
            administration__completed_at__lt=period.until,
        ).values_list(
            "administration_id",
            "administration__completed_at",
            "administration__definition_version",
            "administration__definition_owner_id",
            "item",
            "value",
        )
        # year → section → questionnaire → [item scores]
        years: dict[int, dict[str, dict[int, list[float]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(list))
        )
        titles: dict[str, dict[str, str]] = {}
        definitions: dict[tuple[int, int | None], Any] = {}
        for administration, completed, version, owner, item, value in answers:
            definition = definitions.get((version, owner))
            if definition is None:
                definition = registry.get(ORGANISATION_KEY, version, owner)
                definitions[version, owner] = definition
                titles |= {s.key: dict(s.title) for s in definition.sections}
            found = _item(definition, item)
            if found is None or found.type != "single":
                continue
            years[completed.year][found.section][administration].append(
                found.value(json.loads(value))
            )
        sections = sorted({s for year in years.values() for s in year})
        rows = []
        for year in sorted(years):
            questionnaires = {a for s in years[year].values() for a in s}
            section_means = {}
            for section in sections:
                means = [sum(v) / len(v) for v in years[year][section].values() if v]
                section_means[section] = sum(means) / len(means) if means else None
            rows.append([year, len(questionnaires), section_means])
        return {"sections": sections, "titles": titles, "rows": rows}


def organisational_behaviour(counts: Any, rule: Rule) -> Figure:
    """Mean score per section of the organisational-behaviour questionnaires completed in the
    period, per year."""
    sections, titles = counts["sections"], counts["titles"]
    rows = []
    for year, questionnaires, means in counts["rows"]:
        cells = [rule.count(questionnaires)]
        cells += [rule.cell(means[section], questionnaires) for section in sections]
        rows.append(Row(str(year), cells))
    return Figure(
        "organisational_behaviour",
        _("Change in organisational behaviour"),
        _(
            "Organisational-behaviour questionnaires completed in the period, per year, and "
            "the mean score "
            "of each part (0 strongly disagree … 4 strongly agree)."
        ),
        [_("Questionnaires"), *[text_in(titles[s]) if s in titles else s for s in sections]],
        rows,
    )
