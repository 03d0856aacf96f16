"""A trainee's side of the practice: the fictional cases, starting an attempt, and the three
tools of real work on it (risk checklist, action plan, IT safety plan), then submitting."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.core.permissions import for_roles
from asap.core.roles import Role
from asap.instruments.definition import text_in
from asap.instruments.forms import AnswersForm
from asap.practice import casebook, queries, services
from asap.practice.forms import (
    SAFETY_FIELDS,
    PracticeActionForm,
    PracticeEditActionForm,
    PracticeSafetyPlanForm,
)
from asap.practice.views.common import AttemptFormView, AttemptView

PAGE_SIZE = 20
practising = for_roles(Role.TRAINEE, Role.TRAINER)


@practising
class PracticeListView(View):
    """The fictional cases by module, and the user's own attempts."""

    def get(self, request: HttpRequest) -> HttpResponse:
        page = Paginator(queries.own_attempts(request.user), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context = {
            "cases": list(casebook.shipped().values()),
            "page": page,
            "attempts": [(a, casebook.get(a.case_key)) for a in page.object_list],
            "is_trainer": request.user.has_role(Role.TRAINER),
        }
        return render(request, "practice/list.html", context)


@practising
class CaseView(View):
    """A fictional case: the situation, the people, the tasks; a button to start."""

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        case = casebook.get(key)
        if case is None:
            raise Http404
        context = {"case": case, "is_trainer": request.user.has_role(Role.TRAINER)}
        return render(request, "practice/case.html", context)


@practising
class StartView(View):
    def post(self, request: HttpRequest, key: str) -> HttpResponse:
        case = casebook.get(key)
        if case is None:
            raise Http404
        attempt = services.start_attempt(actor=request.user, case=case)
        messages.success(request, _("Your practice attempt has started."))
        return redirect("practice:attempt", pk=attempt.pk)


@practising
class AttemptDetailView(AttemptView):
    """The attempt: the case, where each tool stands, and handing it in."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        definition = queries.definition_of(self.attempt)
        answers = queries.answers_of(self.attempt)
        levels = queries.levels_of(definition, answers)
        context = {
            "attempt": self.attempt,
            "case": self.case,
            "answered": sum(v not in (None, "") for v in answers.values()),
            "items": len(definition.items),
            "levels": [
                (text_in(s.title), queries.level_label(levels.get(s.key, "")))
                for s in definition.sections
                if s.is_scored
            ],
            "actions": list(queries.actions_of(self.attempt)),
            "safety": queries.own_safety(self.attempt),
        }
        return render(request, "practice/attempt.html", context)


@practising
class SubmitView(AttemptView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            services.submit_attempt(actor=request.user, attempt=self.attempt)
        except services.AttemptClosedError as closed:
            messages.error(request, str(closed))
            return redirect("practice:attempt", pk=self.attempt.pk)
        messages.success(request, _("Your attempt was handed in to your trainer."))
        return redirect("practice:attempt", pk=self.attempt.pk)


@practising
class ChecklistView(AttemptFormView):
    """The risk checklist of real work (its definition, form and scoring rule)."""

    template_name = "practice/checklist.html"
    submit_label = _("Save the answers")
    success_message = _("Your answers were saved and scored.")

    def get_form(self, data: Any = None) -> AnswersForm:
        self.definition = queries.definition_of(self.attempt)
        return AnswersForm(
            data,
            definition=self.definition,
            answers=queries.answers_of(self.attempt),
            initial={"version": self.attempt.version},
        )

    def save(self, form: AnswersForm) -> None:
        services.save_answers(
            actor=self.request.user,
            attempt=self.attempt,
            answers=form.answers(),
            expected_version=form.cleaned_data["version"],
        )

    def context(self, form: AnswersForm) -> dict[str, Any]:
        sections = [
            {
                "title": text_in(section.title),
                "rows": [
                    (item, form.fields_of(item), section.tier_title(item.tier))
                    for item in section.items
                ],
            }
            for section in self.definition.sections
        ]
        return {
            "definition": self.definition,
            "definition_title": text_in(self.definition.title),
            "sections": sections,
        }


@practising
class ActionsView(AttemptView):
    """The practice action plan: its rows, with their terms and statuses."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        context = {
            "attempt": self.attempt,
            "case": self.case,
            "rows": list(queries.actions_of(self.attempt)),
        }
        return render(request, "practice/actions.html", context)


@practising
class AddActionView(AttemptFormView):
    title = _("Add an action")
    intro = _(
        "A row of the action plan: the protection or support need, the action, its term and "
        "the person or agency responsible."
    )
    success_message = _("The action was added to your plan.")

    def get_form(self, data: Any = None) -> PracticeActionForm:
        return PracticeActionForm(data)

    def save(self, form: PracticeActionForm) -> None:
        data = form.cleaned_data
        services.add_action(
            actor=self.request.user,
            attempt=self.attempt,
            need=data["need"],
            action=data["action"],
            term=data["term"],
            responsible=data["responsible"],
        )

    def success_url(self) -> str:
        return reverse("practice:actions", args=[self.attempt.pk])


@practising
class EditActionView(AttemptFormView):
    title = _("Change an action")
    success_message = _("The action was saved.")

    def get_form(self, data: Any = None) -> PracticeEditActionForm:
        self.item = queries.action_of(self.attempt, self.kwargs["item_pk"])
        item = self.item
        initial = {
            "need": item.need,
            "action": item.action,
            "term": item.term,
            "responsible": item.responsible,
            "status": item.status,
            "dropped_reason": item.dropped_reason,
            "version": item.version,
        }
        return PracticeEditActionForm(data, initial=initial)

    def save(self, form: PracticeEditActionForm) -> None:
        data = form.cleaned_data
        services.update_action(
            actor=self.request.user,
            attempt=self.attempt,
            item=self.item,
            expected_version=data["version"],
            need=data["need"],
            action=data["action"],
            term=data["term"],
            responsible=data["responsible"],
            status=data["status"],
            dropped_reason=data["dropped_reason"],
        )

    def success_url(self) -> str:
        return reverse("practice:actions", args=[self.attempt.pk])


@practising
class SafetyPlanView(AttemptFormView):
    """The IT safety plan of real work: its key areas and safety measures."""

    title = _("IT safety plan")
    intro = _(
        "The key areas and safety measures of the IT safety plan. In real work each part is "
        "read only by the side noted under it; here you write every part."
    )
    success_message = _("Your IT safety plan was saved.")

    def get_form(self, data: Any = None) -> PracticeSafetyPlanForm:
        plan = self.attempt.safety_plan
        initial = {name: getattr(plan, name) for name in SAFETY_FIELDS}
        return PracticeSafetyPlanForm(data, initial={**initial, "version": plan.version})

    def save(self, form: PracticeSafetyPlanForm) -> None:
        services.save_safety_plan(
            actor=self.request.user,
            attempt=self.attempt,
            expected_version=form.cleaned_data["version"],
            **form.values(),
        )
