"""Instruments on a case: the list with the outcome schedule and the risk history, starting
an administration, answering it side by side with the other side, and agreeing the result."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asap.cases.views.base import CaseFormView, CaseView, case_roles
from asap.instruments import agreement, charts, queries, registry, services
from asap.instruments.definition import text_in
from asap.instruments.enums import LEVEL_LABELS, AdministrationStatus
from asap.instruments.forms import AnswersForm, CompleteForm
from asap.instruments.views import steps
from asap.instruments.views.sections import (
    answered_for,
    child_labels,
    ordered_results,
    section_rows,
    unit_title,
)

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


@case_roles
class AnswerView(CaseFormView):
    """One side's answers, next to the other sources' answers it may read. His questionnaire
    is answered on the perpetrator side, hers on the victim side; a completed one is read."""

    template_name = "instruments/answer.html"
    submit_label = _("Save my side's answers")
    success_message = _("Your side's answers were saved.")

    def get_form(self, data: Any = None) -> AnswersForm:
        self.administration = queries.administration_for(
            self.access, self.kwargs["administration_pk"]
        )
        self.definition = services.definition_of(self.administration)
        self.title = self.definition.label()
        self.answers = queries.answers_by_child(self.access, self.administration)
        self.source = services.SOURCE_OF_SIDE[self.access.side]
        self.may_answer = services.may_answer(self.access, self.administration)
        if data is not None and not self.may_answer:
            raise PermissionDenied("Your side does not answer this, or it is complete.")
        self.labels = child_labels(self.access)
        self.children = answered_for(self.definition, self.answers, list(self.labels))
        mine = {
            child: {
                item: by_source[self.source]
                for item, by_source in by_item.items()
                if self.source in by_source
            }
            for child, by_item in self.answers.items()
        }
        return AnswersForm(
            data,
            definition=self.definition,
            answers=mine.get(None, {}),
            items=services.answerable_items(self.access, self.definition),
            children=self.children,
            child_values=mine,
            initial={"version": self.administration.version},
        )

    def success_url(self) -> str:
        return reverse("instruments:answer", args=[self.access.case.pk, self.administration.pk])

    def save(self, form: AnswersForm) -> None:
        services.save_answers(
            actor=self.request.user,
            access=self.access,
            administration=self.administration,
            answers=form.answers(),
            child_answers=form.child_answers(),
            expected_version=form.cleaned_data["version"],
        )
        if "complete" in self.request.POST and not self.definition.levels:
            services.complete_administration(
                actor=self.request.user,
                access=self.access,
                administration=self.administration,
                decisions={},
                expected_version=self.administration.version,
            )

    def context(self) -> dict[str, Any]:
        agreement_ = agreement.agreement_of(self.access, self.administration)
        withheld = queries.withheld_sides(self.access, self.administration)
        answered = any(
            self.source in by_source
            for by_item in self.answers.values()
            for by_source in by_item.values()
        )
        return {
            "administration": self.administration,
            # Once the viewer's side has answered, agreeing the result is the next step.
            "agree_now": self.may_answer and bool(self.definition.levels) and answered,
            "answered_by": steps.answered_sources(self.answers),
            "next_steps": steps.next_steps(self.access)
            if agreement_ and agreement_.agreed
            else None,
            "definition": self.definition,
            "description": text_in(self.definition.description)
            if self.definition.description
            else "",
            "sections": section_rows(
                self.definition,
                self.answers,
                self.source,
                self.form_cache,
                self.children,
                self.labels,
            ),
            "completed": self.administration.status == AdministrationStatus.COMPLETED,
            "may_answer": self.may_answer,
            "results": [
                {
                    "section": unit_title(self.definition, unit, self.labels),
                    "rule": LEVEL_LABELS.get(result.rule_level, result.rule_level),
                    "final": LEVEL_LABELS.get(result.final_level, result.final_level),
                    "reason": result.reason,
                }
                for unit, result in ordered_results(self.definition, self.administration)
            ],
            "level_labels": LEVEL_LABELS,
            "agreement": agreement_,
            "raised": self.raised(),
            "withheld": withheld,
        }

    def raised(self) -> dict[str, list[str]]:
        """Section title (and child) → why its level is higher than the answers this side
        reads give."""
        if not self.definition.levels:
            return {}
        raised = agreement.raised_elsewhere(self.access, self.administration)
        return {
            unit_title(self.definition, unit, self.labels): reasons
            for unit, reasons in raised.items()
        }

    def render(self, form: Any, status: int = 200) -> HttpResponse:
        self.form_cache = form
        return super().render(form, status)


@case_roles
class CompleteView(CaseFormView):
    title = _("Agree the result")
    intro = _(
        "The rule counts every side's answers, including those your side cannot read (what "
        "locates her, or what she told her worker): a level can be higher than the answers "
        "you see suggest."
    )
    submit_label = _("Agree and complete")
    success_message = _("The assessment is complete; the agreed levels are kept with it.")

    def get_form(self, data: Any = None) -> CompleteForm:
        self.administration = queries.administration_for(
            self.access, self.kwargs["administration_pk"]
        )
        if self.administration.status == AdministrationStatus.COMPLETED:
            raise PermissionDenied("This assessment is already complete.")
        definition = services.definition_of(self.administration)
        if not definition.levels:
            raise PermissionDenied("This instrument has no levels to agree.")
        self.rule_levels = services.rule_levels(self.access, self.administration)
        self.raised = agreement.raised_elsewhere(self.access, self.administration)
        labels = child_labels(self.access)
        self.titles = {unit: unit_title(definition, unit, labels) for unit in self.rule_levels}
        return CompleteForm(
            data,
            access=self.access,
            definition=definition,
            rule_levels=self.rule_levels,
            level_labels={k: str(v) for k, v in LEVEL_LABELS.items()},
            unit_titles=self.titles,
            initial={"version": self.administration.version},
        )

    def success_url(self) -> str:
        """The checklist's page: the agreed levels, who has still to confirm them, and
        once agreed the next steps (the action plan, the first review meeting)."""
        return reverse("instruments:answer", args=[self.access.case.pk, self.administration.pk])

    def save(self, form: CompleteForm) -> None:
        services.complete_administration(
            actor=self.request.user,
            access=self.access,
            administration=self.administration,
            decisions=form.decisions(),
            expected_version=form.cleaned_data["version"],
        )

    def context(self) -> dict[str, Any]:
        """The intro, and each section whose rule's level rests on answers this side does
        not read: said, with the side that holds them, never the items."""
        notes = [
            f"{self.titles.get(unit, unit[0])}: {', '.join(reasons)}."
            for unit, reasons in self.raised.items()
        ]
        return {"intro": " ".join([str(self.intro), *notes])}


@case_roles
class ConfirmView(CaseView):
    """The other side confirms the levels one side proposed: joint means both sides."""

    def post(self, request: HttpRequest, pk: int, administration_pk: int) -> HttpResponse:
        administration = queries.administration_for(self.access, administration_pk)
        try:
            agreed = services.confirm_level(
                actor=request.user, access=self.access, administration=administration
            )
        except PermissionError as refused:
            raise PermissionDenied(str(refused)) from refused
        messages.success(
            request,
            _("Both sides confirmed: this is now the case's risk level.")
            if agreed
            else _("Your side confirmed the level; the other side has still to confirm it."),
        )
        return redirect("instruments:answer", pk=pk, administration_pk=administration.pk)
