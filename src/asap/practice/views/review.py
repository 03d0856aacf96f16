"""The trainer's side: the attempts of the trainees of their organisation(s), each compared
with the fictional case's reference answers, and the trainer's key of each case."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from asap.core.permissions import for_roles
from asap.core.roles import Role
from asap.instruments.definition import UNKNOWN, YES, text_in
from asap.practice import casebook, queries

PAGE_SIZE = 25
trainers = for_roles(Role.TRAINER)


@trainers
class ReviewListView(View):
    """Every attempt of the trainer's trainees, newest first, with its case and status."""

    def get(self, request: HttpRequest) -> HttpResponse:
        page = Paginator(queries.trainees_attempts(request.user), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context = {
            "page": page,
            "attempts": [(a, casebook.get(a.case_key)) for a in page.object_list],
        }
        return render(request, "practice/review.html", context)


@trainers
class CompareView(View):
    """One attempt beside the trainer's key: item by item, level by level, and the plans."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        attempt = queries.trainees_attempt(request.user, pk)
        case = queries.case_of(attempt)
        definition = queries.definition_of(attempt)
        context = {
            "attempt": attempt,
            "case": case,
            "sections": queries.checklist_comparison(attempt, case, definition),
            "actions": list(queries.actions_of(attempt)),
            "safety": queries.safety_comparison(attempt, case),
        }
        return render(request, "practice/compare.html", context)


@trainers
class ReferenceView(View):
    """The trainer's key of a fictional case, for preparing a session."""

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        case = casebook.get(key)
        if case is None:
            raise Http404
        definition = case.definition()
        context = {
            "case": case,
            "yes_items": [i for i in definition.items if case.reference_answers[i.key] == YES],
            "unknown_items": [
                i for i in definition.items if case.reference_answers[i.key] == UNKNOWN
            ],
            "levels": [
                (text_in(section.title), queries.level_label(case.reference_levels[section.key]))
                for section in definition.sections
                if section.is_scored
            ],
            "safety": queries.reference_safety(case),
        }
        return render(request, "practice/reference.html", context)
