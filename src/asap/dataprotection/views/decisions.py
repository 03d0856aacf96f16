"""Erasure requests refused or answered by a restriction: the decision, its letter, and
lifting a restriction (behind re-authentication)."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from asap.core.pdf import pdf_response
from asap.core.permissions import for_roles
from asap.core.roles import Role
from asap.dataprotection import queries, sides
from asap.dataprotection.forms import DecisionForm, LiftRestrictionForm, prefilled
from asap.dataprotection.models import ErasureDecision
from asap.dataprotection.services import decisions
from asap.dataprotection.services.erasure import PersonNotFound
from asap.dataprotection.views.requests import resolve


def _decision(request: HttpRequest, pk: int) -> ErasureDecision:
    """A decision taken for one of the officer's organisations, or 404."""
    decision = queries.decision_for(request.user, pk)
    if decision is None:
        raise Http404
    return decision


@for_roles(Role.DATA_PROTECTION_OFFICER)
@method_decorator(reauthentication_required, name="dispatch")
class DecideView(View):
    """Refuse an erasure request, or restrict processing instead, on a legal ground."""

    template = "dataprotection/decide.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request, self.template, {"form": DecisionForm(initial=prefilled(request.GET))}
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = DecisionForm(request.POST)
        access, status = resolve(request, form, sides.ERASURE) if form.is_valid() else (None, 400)
        if access:
            data = form.cleaned_data
            try:
                decision = decisions.decide_erasure_request(
                    actor=request.user,
                    access=access,
                    person=data["person"],
                    reference=data["reference"],
                    outcome=data["outcome"],
                    ground=data["ground"],
                    explanation=data["explanation"],
                )
            except PersonNotFound:
                form.add_error("person", _("This case has no such person."))
                status = 400
            except decisions.Restricted as restricted:
                form.add_error(None, str(restricted))
                status = 409
            else:
                messages.success(
                    request,
                    _("The decision was recorded. Send the requester the letter below."),
                )
                return redirect("dataprotection:decision", pk=decision.pk)
        return render(request, self.template, {"form": form}, status=status)


@for_roles(Role.DATA_PROTECTION_OFFICER)
@method_decorator(reauthentication_required, name="dispatch")
class DecisionView(View):
    """One decision: its ground and explanation, the letter, and (while a restriction is in
    force) the form that lifts it."""

    template = "dataprotection/decision.html"

    def render(self, request: HttpRequest, decision: ErasureDecision, form=None, status=200):
        context = {"decision": decision, "form": form or LiftRestrictionForm()}
        return render(request, self.template, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render(request, _decision(request, pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        decision = _decision(request, pk)
        form = LiftRestrictionForm(request.POST)
        if not decision.in_force:
            form.add_error(None, _("This decision restricts nothing now."))
            return self.render(request, decision, form, status=409)
        if not form.is_valid():
            return self.render(request, decision, form, status=400)
        decisions.lift_restriction(actor=request.user, decision=decision)
        messages.success(
            request,
            _("The restriction of case %(code)s was lifted: the case can be changed again.")
            % {"code": decision.case_code},
        )
        return redirect("dataprotection:decision", pk=decision.pk)


@for_roles(Role.DATA_PROTECTION_OFFICER)
@method_decorator(reauthentication_required, name="dispatch")
class LetterView(View):
    """The letter to the requester, as a PDF (recorded in the audit trail)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        filename, pdf = decisions.letter(actor=request.user, decision=_decision(request, pk))
        return pdf_response(filename, pdf)
