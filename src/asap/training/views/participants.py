"""An event's participants: registering one, importing a CSV (all or nothing), attendance per
session, issuing certificates and a participant's certificate PDF."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View

from asap.core.pdf import ARCHIVED, pdf_response, render_pdf
from asap.training import csv_import, queries, services
from asap.training.enums import RegisteredBy
from asap.training.forms import ImportForm, ParticipantForm
from asap.training.views.common import render_form, trainers

FULL = _("The event is full: raise its capacity first.")


@trainers
class ParticipantAddView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = queries.event_for(request.user, pk)
        return self.show(event, ParticipantForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = queries.event_for(request.user, pk)
        form = ParticipantForm(request.POST)
        if not form.is_valid():
            return self.show(event, form, status=400)
        try:
            services.register_participant(
                actor=request.user, event=event, by=RegisteredBy.TRAINER, **form.person()
            )
        except services.EventFull:
            form.add_error(None, FULL)
            return self.show(event, form, status=409)
        messages.success(request, _("The participant was registered."))
        return redirect("training:event", pk=event.pk)

    def show(self, event: Any, form: ParticipantForm, status: int = 200) -> HttpResponse:
        return render_form(
            self.request,
            form,
            title=_("Register a participant"),
            back_url=reverse("training:event", args=[event.pk]),
            submit_label=_("Register"),
            status=status,
        )


@trainers
class ImportView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = queries.event_for(request.user, pk)
        return self.show(event, ImportForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = queries.event_for(request.user, pk)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(event, form, status=400)
        result = csv_import.read(form.cleaned_data["file"])
        if result.errors:
            return self.show(event, form, errors=result.errors, status=400)
        try:
            created = services.import_participants(
                actor=request.user, event=event, people=result.people
            )
        except services.EventFull:
            form.add_error(None, FULL)
            return self.show(event, form, status=409)
        count = len(created)
        messages.success(
            request,
            ngettext(
                "%(count)d participant was imported.",
                "%(count)d participants were imported.",
                count,
            )
            % {"count": count},
        )
        return redirect("training:event", pk=event.pk)

    def show(
        self, event: Any, form: ImportForm, errors: Any = (), status: int = 200
    ) -> HttpResponse:
        return render(
            self.request,
            "training/import.html",
            {"event": event, "form": form, "errors": errors},
            status=status,
        )


@trainers
class AttendanceView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = queries.event_for(request.user, pk)
        return self.show(event, queries.attendance_of(event))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = queries.event_for(request.user, pk)
        present = set()
        for name in request.POST:
            parts = name.split("_")
            if len(parts) == 3 and parts[0] == "present" and all(p.isdigit() for p in parts[1:]):
                present.add((int(parts[1]), int(parts[2])))
        services.set_attendance(actor=request.user, event=event, present=present)
        messages.success(request, _("The attendance was saved."))
        return redirect("training:attendance", pk=event.pk)

    def show(self, event: Any, present: set[tuple[int, int]]) -> HttpResponse:
        sessions = [(s, queries.module_title(event, s.module_key)) for s in event.sessions.all()]
        rows = [
            (p, [(s, f"present_{p.pk}_{s.pk}", (p.pk, s.pk) in present) for s, _t in sessions])
            for p in event.participants.all()
        ]
        context = {"event": event, "sessions": sessions, "rows": rows}
        return render(self.request, "training/attendance.html", context)


@trainers
class IssueCertificatesView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = queries.event_for(request.user, pk)
        count = services.issue_certificates(actor=request.user, event=event)
        messages.success(
            request,
            ngettext(
                "%(count)d participant holds a certificate.",
                "%(count)d participants hold a certificate.",
                count,
            )
            % {"count": count},
        )
        return redirect("training:event", pk=event.pk)


def certificate_response(request: HttpRequest, participant: Any) -> HttpResponse:
    certificate = getattr(participant, "certificate", None)
    if certificate is None:
        raise Http404
    verify_url = request.build_absolute_uri(
        reverse("training:verify_code", args=[certificate.code])
    )
    event = participant.event
    # The modules attended in full, in the reader's language, with the event's hours; the
    # titles fixed at issue when attendance changed since (issuing again brings them level).
    keys = queries.modules_in_full(event).get(participant.pk, [])
    modules = [(queries.module_title(event, k), queries.session_minutes(event, k)) for k in keys]
    if len(modules) != len(certificate.modules):
        modules = [(title, None) for title in certificate.modules]
    context = {
        "certificate": certificate,
        "verify_url": verify_url,
        "organisation": event.organisation,
        "trainers": event.trainers,
        "modules": modules,
        "total_minutes": sum(minutes or 0 for _title, minutes in modules),
    }
    pdf = render_pdf("training/certificate_pdf.html", context, request, variant=ARCHIVED)
    return pdf_response(f"certificate-{certificate.code}.pdf", pdf)


@trainers
class CertificatePdfView(View):
    def get(self, request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
        event = queries.event_for(request.user, pk)
        participant = queries.participant_for(event, participant_pk)
        return certificate_response(request, participant)
