"""The funder report of the coordinator's own organisation for a period, as XLSX and PDF.

Exact counts of the organisation's own cases (aggregates only: no name, code or note). A
period that is not understood sends the coordinator back to the dashboard's form, which says
why. Every download is audited."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views import View

from asap.accounts.enums import OrganisationKind
from asap.core.permissions import acting_organisation
from asap.core.roles import Role
from asap.evaluation import exporters, queries, services
from asap.evaluation.queries.report import report_figures
from asap.evaluation.suppression import EXACT, EXACT_EXPLANATION
from asap.evaluation.views.common import coordinators
from asap.evaluation.views.dashboards import period_form


class _Report(View):
    export = ""

    def get(self, request: HttpRequest) -> HttpResponse:
        organisation = acting_organisation(request, Role.COORDINATOR)
        form = period_form(request)
        if not form.is_valid():
            context = {"organisation": organisation, "form": form, "report": True}
            return render(request, "evaluation/dashboard.html", context, status=400)
        period = form.period
        cases = queries.organisation_scope([organisation.pk], period)
        victim_side = organisation.kind == OrganisationKind.VICTIM_SUPPORT_SERVICE
        figures = report_figures(cases, [organisation.pk], period, EXACT, victim_side=victim_side)
        services.record_dashboard_read(
            actor=request.user, organisation=organisation, export=f"report.{self.export}"
        )
        filename = f"funder-report-{slugify(organisation.name)}-{period.slug}.{self.export}"
        if self.export == "xlsx":
            cover = exporters.report_cover(organisation.name, period, EXACT_EXPLANATION)
            return exporters.report_xlsx(filename, cover, figures)
        context: dict[str, Any] = {
            "organisation": organisation,
            "period": period,
            "figures": figures,
            "note": EXACT_EXPLANATION,
            "printed_at": timezone.now(),
        }
        return exporters.report_pdf(filename, context, request)


@coordinators
class ReportXlsxView(_Report):
    export = "xlsx"


@coordinators
class ReportPdfView(_Report):
    export = "pdf"
