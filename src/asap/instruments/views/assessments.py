"""Instruments on a case: the list with the outcome schedule, the risk history and the
comparison of his and her outcome reports, and starting an administration from it."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asap.cases.views.base import CaseView, case_roles
from asap.instruments import agreement, charts, queries, registry, services
from asap.instruments.enums import LEVEL_LABELS
from asap.instruments.views import steps
from asap.instruments.views.sections import child_labels, ordered_results, unit_title

# Which side may start an instrument, by its respondent.
STARTED_BY = {
    "worker": {"perpetrator", "victim", "agency"},
    "perpetrator": {"perpetrator"},
    "victim": {"victim"},
}


def _startable(case_access: Any) -> list[Any]:
    available = registry.available(case_access.organisation_id).values()
    return [
        a.definition
        for a in available
        if case_access.side in STARTED_BY.get(a.definition.respondent, set())
    ]


@case_roles
class AssessmentsView(CaseView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        today = timezone.localdate()
        history = queries.risk_history(self.access)
        labels = child_labels(self.access)
        rows = _listed(self.access, queries.administrations_for(self.access), labels)
        context = {
            "case": self.access.case,
            "access": self.access,
            "administrations": rows,
            "withheld": queries.withheld_sides(self.access),
            "startable": steps.start_choices(_startable(self.access), rows),
            "points": queries.outcome_points(self.access, today),
            "today": today,
            "history": [
                {
                    "at": point.at,
                    "section": _history_label(point, labels),
                    "rule": LEVEL_LABELS.get(point.rule_level, point.rule_level),
                    "final": LEVEL_LABELS.get(point.final_level, point.final_level),
                    "reason": point.reason,
                }
                for point in history
            ],
            "history_chart": _history_chart(history, labels),
            **_outcome_comparison(self.access),
        }
        return render(request, "instruments/case_list.html", context)


def _history_label(point: queries.LevelPoint, labels: dict[int, str]) -> str:
    """The section's key, with the child's label for a level of one child ("B — Child 1")."""
    if point.child_id is None:
        return point.section
    return f"{point.section} — {labels.get(point.child_id, '?')}"


def _listed(case_access: Any, administrations: Any, labels: dict[int, str]) -> list[dict[str, Any]]:
    """Each administration with its instrument's title, its agreed levels in words, and
    for a joint risk checklist which side has still to confirm them."""
    definitions: dict[tuple[str, int, int | None], Any] = {}
    required = agreement.sides_to_confirm(case_access.case)
    rows = []
    for administration in administrations:
        key = (
            administration.definition_key,
            administration.definition_version,
            administration.definition_owner_id,
        )
        if key not in definitions:
            definitions[key] = services.definition_of(administration)
        definition = definitions[key]
        results = [
            {
                "section": unit_title(definition, unit, labels),
                "level": LEVEL_LABELS.get(r.final_level, r.final_level),
                "raised": r.final_level != r.rule_level,
            }
            for unit, r in ordered_results(definition, administration)
        ]
        rows.append(
            {
                "administration": administration,
                "title": definition.label(),
                "results": results,
                "agreement": agreement.agreement_of(case_access, administration, required),
            }
        )
    return rows


def _history_chart(
    history: list[queries.LevelPoint], labels: dict[int, str]
) -> charts.Chart | None:
    times = sorted({p.at for p in history})
    if not times:
        return None
    levels = ["low", "intermediate", "high"]
    series: dict[str, list[float | None]] = {}
    for point in history:
        if point.final_level not in levels:
            continue  # a replaced checklist with levels of its own: shown in the table only
        label = _history_label(point, labels)
        values = series.setdefault(label, [None] * len(times))
        values[times.index(point.at)] = levels.index(point.final_level)
    return charts.line_chart(
        [t.date().isoformat() for t in times],
        series,
        [str(LEVEL_LABELS[lv]) for lv in levels],
        {label: "chart-a" if label == "A" else "chart-b" for label in series},
    )


FORMS_OF_VIOLENCE = ["physical", "verbal", "psychological", "sexual", "socio_economic", "digital"]


def _outcome_comparison(case_access: Any) -> dict[str, Any]:
    """His and her reports of each form of violence per time point, the totals as a chart,
    and the points where their reports of the same form differ by the set margin or more."""
    series = queries.outcome_series(case_access)
    labels = sorted({label for points in series.values() for label, _values in points})
    if not labels:
        return {"outcome_chart": None, "outcome_rows": [], "outcome_gaps": []}
    by_label = {respondent: dict(points) for respondent, points in series.items()}
    names = {"perpetrator": str(_("His report")), "victim": str(_("Her report"))}
    totals = {
        names[respondent]: [
            sum(values.get(form, 0) for form in FORMS_OF_VIOLENCE)
            if (values := points.get(label)) is not None
            else None
            for label in labels
        ]
        for respondent, points in by_label.items()
    }
    top = max((v for values in totals.values() for v in values if v is not None), default=0)
    scale = [str(n) for n in range(int(max(top, 4)) + 1)]
    chart = charts.line_chart(
        labels, totals, scale, {names["perpetrator"]: "chart-a", names["victim"]: "chart-b"}
    )
    rows, gaps = [], []
    margin = settings.ASAP_OUTCOME_GAP
    for form in FORMS_OF_VIOLENCE:
        cells = []
        for label in labels:
            his = by_label.get("perpetrator", {}).get(label, {}).get(form)
            her = by_label.get("victim", {}).get(label, {}).get(form)
            flagged = his is not None and her is not None and abs(his - her) >= margin
            if flagged:
                gaps.append((label, form))
            cells.append((his, her, flagged))
        rows.append((form, cells))
    return {
        "outcome_chart": chart,
        "outcome_labels": labels,
        "outcome_rows": rows,
        "outcome_gaps": gaps,
        "outcome_margin": margin,
    }


@case_roles
class StartView(CaseView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        key = request.POST.get("key", "")
        if key not in {d.key for d in _startable(self.access)}:
            raise PermissionDenied("Your side does not start this instrument.")
        try:
            administration = services.start_administration(
                actor=request.user,
                access=self.access,
                key=key,
                time_point=request.POST.get("time_point", "")[:2],
                due_on=request.POST.get("due_on") or None,
            )
        except services.AlreadyStartedError as started:
            return steps.refuse_second(request, pk, started)
        return redirect("instruments:answer", pk=pk, administration_pk=administration.pk)
