"""The programme's progress and attendance reports for the court or the probation service:
drafting one for a period, reviewing it (the figures from his programme register and a
covering note), the PDF, and marking it as sent. Perpetrator side only: everyone else is told
the pages do not exist."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.cases import access
from asap.cases.enums import Side
from asap.cases.views.base import CONCURRENT_EDIT, CaseFormView, CaseView, case_roles
from asap.core import rendered
from asap.core.pdf import pdf_response
from asap.core.versioning import ConcurrentEditError
from asap.justice import queries, report, services
from asap.justice.enums import ReportStatus
from asap.justice.forms import ProgressReportForm, SendReportForm

FIGURES_CHANGED = _(
    "His programme register changed after you opened this report: the figures below are the "
    "new ones. Review them again before you mark the report as sent."
)
NOT_CONFIRMED = _(
    "Tick the box to confirm that you reviewed the report and sent it; nothing was recorded."
)
ALREADY_SENT = _("This report was sent already: it no longer changes.")


class PerpetratorSideOnly(View):
    """After the door (`CaseView.dispatch`): the perpetrator side only, 404 for anyone else."""

    access: Any

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.access.side != Side.PERPETRATOR:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ProgrammeSideView(CaseView, PerpetratorSideOnly):
    """A screen of the programme's own reports."""


@case_roles
class ReportsView(ProgrammeSideView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        context = {
            "case": self.access.case,
            "access": self.access,
            "reports": list(queries.reports_for(self.access)[:100]),
        }
        return render(request, "justice/reports.html", context)


class ReportFormView(CaseFormView, PerpetratorSideOnly):
    template_name = "justice/report_form.html"

    def form(self, data: Any, initial: dict[str, Any]) -> ProgressReportForm:
        conditions = list(queries.programme_conditions(self.access))
        return ProgressReportForm(data, initial=initial, conditions=conditions)


@case_roles
class AddReportView(ReportFormView):
    title = _("Draft a progress report for the court or the probation service")
    intro = _(
        "A draft first: you review the figures of his programme register and your covering "
        "note before you send it. Nothing the victim side recorded goes into it."
    )
    submit_label = _("Draft the report")
    success_message = _("The draft was saved. Review it before you send it.")

    def get_form(self, data: Any = None) -> ProgressReportForm:
        return self.form(data, report.initial_period(self.access, timezone.localdate()))

    def save(self, form: ProgressReportForm) -> None:
        values = dict(form.cleaned_data)
        values.pop("version", None)
        self.report = services.draft_report(actor=self.request.user, access=self.access, **values)

    def success_url(self) -> str:
        return reverse("justice:report", args=[self.access.case.pk, self.report.pk])


@case_roles
class EditReportView(ReportFormView):
    title = _("Change the draft report")
    success_message = _("The draft was saved. Review it before you send it.")

    def get_form(self, data: Any = None) -> ProgressReportForm:
        self.report = queries.report_for(self.access, self.kwargs["report_pk"])
        if self.report.status != ReportStatus.DRAFT:
            raise Http404  # a sent report is read, never changed
        names = ["period_from", "period_to", "report_to", "recipient", "covering_note"]
        initial = {name: getattr(self.report, name) for name in names}
        initial |= {"condition": self.report.condition_id or "", "version": self.report.version}
        form = self.form(data, initial)
        form.fields["version"].required = True
        return form

    def save(self, form: ProgressReportForm) -> None:
        values = dict(form.cleaned_data)
        services.update_report(
            actor=self.request.user,
            access=self.access,
            report=self.report,
            expected_version=values.pop("version"),
            **values,
        )

    def success_url(self) -> str:
        return reverse("justice:report", args=[self.access.case.pk, self.report.pk])


@case_roles
class ReportView(ProgrammeSideView):
    """The review: the report as it will be printed, and (a draft) "mark as sent"."""

    def get(self, request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
        progress = queries.report_for(self.access, report_pk)
        return self.show(progress, [])

    def post(self, request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
        progress = queries.report_for(self.access, report_pk)
        form = SendReportForm(request.POST)
        if progress.status != ReportStatus.DRAFT:
            return self.show(progress, [ALREADY_SENT], status=409)
        if not form.is_valid():
            return self.show(progress, [NOT_CONFIRMED], status=400)
        try:
            services.mark_report_sent(
                actor=request.user,
                access=self.access,
                report=progress,
                expected_version=form.cleaned_data["version"],
                figures=report.figures_for(self.access, progress),
                reviewed_digest=form.cleaned_data["digest"],
            )
        except services.FiguresChangedError:
            return self.show(progress, [FIGURES_CHANGED], status=409)
        except ConcurrentEditError:
            return self.show(progress, [CONCURRENT_EDIT], status=409)
        messages.success(request, _("The report is recorded as sent."))
        return redirect("justice:report", pk, progress.pk)

    def show(self, progress: Any, errors: list[Any], status: int = 200) -> HttpResponse:
        """The report as it stands; for a draft, the form to mark it as sent carrying the
        digest of the figures shown (a refusal says why above it)."""
        figures = report.figures_for(self.access, progress)
        form = None
        if progress.status == ReportStatus.DRAFT:
            digest = services.figures_digest(figures)
            form = SendReportForm(initial={"digest": digest, "version": progress.version})
        context = {
            "case": self.access.case,
            "access": self.access,
            "report": progress,
            "figures": report.for_display(figures),
            "form": form,
            "errors": errors,
        }
        return render(self.request, "justice/report.html", context, status=status)


@case_roles
class ReportPdfView(ProgrammeSideView):
    """The report as a PDF: as it stands (a draft, marked so) or as it was sent."""

    def get(self, request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
        progress = queries.report_for(self.access, report_pk)
        access.record_read(self.access, "progress_report_export", ["progress_report"])
        context = {
            "case": self.access.case,
            "report": progress,
            "figures": report.for_display(report.figures_for(self.access, progress)),
            "printed_at": timezone.now(),
        }
        # A draft says when it was printed (to the minute): kept within that minute only. A
        # sent report shows when it was sent and is kept until its figures change.
        pdf = rendered.pdf_for(
            self.access,
            kind="progress_report",
            object_id=progress.pk,
            template="justice/report_pdf.html",
            context=context,
            request=request,
        )
        name = f"progress-report-{self.access.case.code}-{progress.period_to:%Y-%m-%d}.pdf"
        return pdf_response(name, pdf)
