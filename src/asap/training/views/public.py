"""Public pages: registering through an event's link, a participant's personal page (their
sessions, questionnaires and certificate), and certificate verification. No account is
needed; the links carry unguessable tokens, and a verification code shows only what the
certificate itself states."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.core.permissions import public
from asap.instruments.definition import text_in
from asap.training import evaluation, queries, services
from asap.training.enums import RegisteredBy, ResponseKind
from asap.training.forms import ParticipantForm, QuestionnaireForm, VerifyForm
from asap.training.views.participants import certificate_response


@public
class RegisterView(View):
    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        event = queries.event_by_registration_token(token)
        return self.show(event, ParticipantForm())

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        event = queries.event_by_registration_token(token)
        form = ParticipantForm(request.POST)
        if not event.registration_open:
            form.add_error(None, _("Registration for this event is closed."))
        if not form.is_valid():
            return self.show(event, form, status=400)
        try:
            participant = services.register_participant(
                actor=None, event=event, by=RegisteredBy.SELF, **form.person()
            )
        except services.EventFull:
            form.add_error(None, _("The event is full."))
            return self.show(event, form, status=409)
        messages.success(
            request,
            _("You are registered. Keep the address of this page: it is your personal link."),
        )
        return redirect("training:personal", token=participant.token)

    def show(self, event: Any, form: ParticipantForm, status: int = 200) -> HttpResponse:
        context = {"event": event, "form": form, "agenda": queries.agenda(event)}
        return render(self.request, "training/register.html", context, status=status)


@public
class PersonalView(View):
    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        participant = queries.participant_by_token(token)
        event = participant.event
        done = {(r.module_key, r.kind) for r in participant.responses.all()}
        modules = [
            {
                "key": m["key"],
                "title": queries.module_title(event, m["key"]),
                "pre": (m["key"], ResponseKind.PRE) in done,
                "post": (m["key"], ResponseKind.POST) in done,
            }
            for m in event.modules
        ]
        context = {
            "participant": participant,
            "event": event,
            "agenda": queries.agenda(event),
            "modules": modules,
            "satisfaction_done": ("", ResponseKind.SATISFACTION) in done,
            "certificate": getattr(participant, "certificate", None),
        }
        return render(request, "training/personal.html", context)


KINDS = {"pre": ResponseKind.PRE, "post": ResponseKind.POST}


@public
class QuestionnaireView(View):
    """A questionnaire answered through the personal link: a module's pre or post
    self-assessment (`kind`, `module`), or the satisfaction questionnaire (no module)."""

    def setup_answering(self, token: str, kind: str, module: str) -> None:
        self.participant = queries.participant_by_token(token)
        if kind == "satisfaction":
            self.kind, self.module_key = ResponseKind.SATISFACTION, ""
            self.definition = evaluation.definition(evaluation.SATISFACTION)
            self.module_title = ""
        elif kind in KINDS:
            self.kind, self.module_key = KINDS[kind], module
            self.module_title = queries.module_title(self.participant.event, module)
            self.definition = evaluation.module_definition(module)
        else:
            raise Http404
        response = self.participant.responses.filter(
            module_key=self.module_key, kind=self.kind
        ).first()
        self.answers = response.answers if response else {}

    def get(self, request: HttpRequest, token: str, kind: str, module: str = "") -> HttpResponse:
        self.setup_answering(token, kind, module)
        return self.show(QuestionnaireForm(definition=self.definition, answers=self.answers))

    def post(self, request: HttpRequest, token: str, kind: str, module: str = "") -> HttpResponse:
        self.setup_answering(token, kind, module)
        form = QuestionnaireForm(request.POST, definition=self.definition, answers=self.answers)
        if not form.is_valid():
            return self.show(form, status=400)
        services.submit_response(
            participant=self.participant,
            module_key=self.module_key,
            kind=self.kind,
            definition=self.definition,
            answers=form.answers(),
        )
        messages.success(request, _("Thank you: your answers were saved."))
        return redirect("training:personal", token=token)

    def show(self, form: QuestionnaireForm, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "participant": self.participant,
            "definition": self.definition,
            "description": text_in(self.definition.description)
            if self.definition.description
            else "",
            "kind": self.kind,
            "module_title": self.module_title,
        }
        return render(self.request, "training/questionnaire.html", context, status=status)


@public
class PersonalCertificateView(View):
    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        return certificate_response(request, queries.participant_by_token(token))


@public
class VerifyView(View):
    """The code field; a code sent here goes to its own page."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form = VerifyForm(request.GET or None)
        if form.is_valid():
            return redirect("training:verify_code", code=form.cleaned_data["code"].strip().upper())
        return render(request, "training/verify.html", {"form": form, "checked": False})


@public
class VerifyCodeView(View):
    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        certificate = queries.certificate_by_code(code)
        context = {
            "form": VerifyForm(initial={"code": code}),
            "checked": True,
            "certificate": certificate,
            "code": code,
        }
        return render(request, "training/verify.html", context, status=200 if certificate else 404)
