"""Instruments on a case: answering an administration side by side with the other side,
and agreeing the result (the list and starting one: `assessments`)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from asap.cases.views.base import CaseFormView, CaseView, case_roles
from asap.instruments import agreement, queries, services
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


@case_roles
class AnswerView(CaseFormView):
    """One side's answers, next to the other sources' answers it may read. His questionnaire
    is answered on the perpetrator side, hers on the victim side; a completed one is read."""

    template_name = "instruments/answer.html"
    submit_label = _("Save my side's answers")
    success_message = _("Your side's answers were saved.")

    def get_form(self, data: Any = None) -> AnswersForm:
        # Its agreed levels only when the page is shown (`render`): a save needs none.
        self.administration = queries.administration_for(
            self.access, self.kwargs["administration_pk"], with_levels=False
        )
        self.definition = services.definition_of(self.administration)
        self.title = self.definition.label()
        # Every section's answers in one query, kept for the save (`services.save_answers`).
        self.rows = queries.answer_rows(self.access, self.administration)
        self.answers = queries.by_child(self.rows)
        self.source = services.SOURCE_OF_SIDE[self.access.side]
        self.may_answer = services.may_answer(self.access, self.administration)
        if data is not None and not self.may_answer:
            raise PermissionDenied("Your side does not answer this, or it is complete.")
        self.labels = child_labels(self.access)
        self.children = answered_for(self.definition, self.answers, list(self.labels))
        mine = queries.given_by(self.answers, self.source)
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
        """The checklist again; or, for "Save and agree the result" (offered once another
        source answered), the agreement's page: one step from the last answers to agreeing."""
        args = [self.access.case.pk, self.administration.pk]
        if "then_agree" in self.request.POST and self.definition.levels:
            return reverse("instruments:complete", args=args)
        return reverse("instruments:answer", args=args)

    def save(self, form: AnswersForm) -> None:
        services.save_answers(
            actor=self.request.user,
            access=self.access,
            administration=self.administration,
            answers=form.answers(),
            child_answers=form.child_answers(),
            expected_version=form.cleaned_data["version"],
            read=self.rows,
            children=list(self.labels),
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
            "others_answered": any(
                source != self.source
                for by_item in self.answers.values()
                for by_source in by_item.values()
                for source in by_source
            ),
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
        raised = agreement.raised_elsewhere(
            self.access, self.administration, readable=self.rows, children=list(self.labels)
        )
        return {
            unit_title(self.definition, unit, self.labels): reasons
            for unit, reasons in raised.items()
        }

    def render(self, form: Any, status: int = 200) -> HttpResponse:
        self.form_cache = form
        queries.add_levels(self.access, self.administration)
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
