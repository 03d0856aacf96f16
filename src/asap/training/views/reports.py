"""Reports: one event's pre/post change per module (with an SVG chart) and satisfaction, and
the programme report over the trainer's organisations (HTML and CSV)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from asap.core.exporters import csv_response
from asap.training import evaluation, queries, reports
from asap.training.views.common import trainers


@trainers
class EventReportView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = queries.event_for(request.user, pk)
        responses = list(queries.responses_of(event))
        titles = {m["key"]: queries.module_title(event, m["key"]) for m in event.modules}
        changes = evaluation.changes(responses, titles)
        satisfaction_definition = evaluation.definition(evaluation.SATISFACTION)
        means = evaluation.satisfaction(responses)
        context = {
            "event": event,
            "changes": changes,
            "chart": evaluation.chart(changes),
            "satisfaction": [
                (item.label(), means.get(item.key))
                for item in satisfaction_definition.items
                if item.type == "scale"
            ],
            "answered": len({r.participant_id for r in responses}),
        }
        return render(request, "training/event_report.html", context)


@trainers
class ReportView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        result = reports.report(queries.events_for(request.user))
        context = {"report": result, "chart": evaluation.chart(result.changes)}
        return render(request, "training/report.html", context)


@trainers
class ReportCsvView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        result = reports.report(queries.events_for(request.user))
        return csv_response(
            f"training-report-{timezone.localdate():%Y%m%d}.csv",
            reports.csv_header(),
            reports.csv_rows(result),
        )
