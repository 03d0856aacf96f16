"""The evaluation dashboards: the coordinator's own agency (exact counts), and a network's
pooled figures (the five-case rule), each for a period, as a page, a CSV and an XLSX. Every
read is audited. The current year's figures are read as kept (`DashboardFigures`, shown with
their time), so that a page costs the same whatever the number of cases on the platform."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views import View

from asap.core.dates import show_date
from asap.core.permissions import acting_organisation
from asap.core.roles import Role
from asap.evaluation import exporters, queries, services
from asap.evaluation.forms import PeriodForm
from asap.evaluation.period import Period
from asap.evaluation.suppression import (
    EXACT,
    EXACT_EXPLANATION,
    FIVE_CASES,
    SUPPRESSED,
    SUPPRESSED_EXPLANATION,
    Rule,
)
from asap.evaluation.views.common import coordinators


def period_form(request: HttpRequest) -> PeriodForm:
    """The period asked for in the query string; the current year when none is asked."""
    if "start" in request.GET or "end" in request.GET:
        return PeriodForm(request.GET)
    default = Period.current_year()
    # Shown day first, as the inputs show a date (the query string of the downloads is ISO).
    return PeriodForm({"start": show_date(default.start), "end": show_date(default.end)})


def period_query(form: PeriodForm) -> str:
    """The query string that carries the form's period to the downloads."""
    from urllib.parse import urlencode

    period = form.period
    return urlencode({"start": period.start.isoformat(), "end": period.end.isoformat()})


class _Dashboard(View):
    """GET renders the figures of one scope in the format the subclass names."""

    export = ""
    rule: Rule = FIVE_CASES

    def scope(self, request: HttpRequest, period: Period, **kwargs: Any) -> dict[str, Any]:
        raise NotImplementedError

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        organisation = acting_organisation(request, Role.COORDINATOR)
        form = period_form(request)
        if not form.is_valid():
            default = Period.current_year()
            scope = self.scope(request, default, organisation=organisation, **kwargs)
            context = {**scope, **self.notes(), "organisation": organisation, "form": form}
            return render(request, "evaluation/dashboard.html", context, status=400)
        period = form.period
        scope = self.scope(request, period, organisation=organisation, **kwargs)
        counts, as_of = services.dashboard_counts(
            period, organisation=scope.get("own"), network=scope.get("network")
        )
        figures = queries.figures_from(counts, self.rule)
        services.record_dashboard_read(
            actor=request.user,
            organisation=organisation,
            network=scope.get("network"),
            export=self.export,
        )
        filename = f"{scope['slug']}-{period.slug}"
        if self.export == "csv":
            return exporters.figures_csv(f"{filename}.csv", figures)
        if self.export == "xlsx":
            note = SUPPRESSED_EXPLANATION if self.rule.suppresses else EXACT_EXPLANATION
            return exporters.figures_xlsx(f"{filename}.xlsx", scope["title"], figures, note)
        context = {
            **scope,
            **self.notes(),
            "organisation": organisation,
            "form": form,
            "period": period,
            "query": period_query(form),
            "figures": figures,
            "as_of": as_of,
        }
        return render(request, "evaluation/dashboard.html", context)

    def notes(self) -> dict[str, Any]:
        return {
            "suppresses": self.rule.suppresses,
            "suppressed_mark": SUPPRESSED,
            "suppressed_explanation": SUPPRESSED_EXPLANATION,
            "exact_explanation": EXACT_EXPLANATION,
        }


class _Own(_Dashboard):
    """The coordinator's own organisation: exact counts (aggregates only, no case content)."""

    rule = EXACT

    def scope(self, request: HttpRequest, period: Period, **kwargs: Any) -> dict[str, Any]:
        organisation = kwargs["organisation"]
        return {
            "own": organisation,
            "title": organisation.name,
            "slug": f"evaluation-{slugify(organisation.name)}",
        }


class _Network(_Dashboard):
    """Figures pooled across organisations: the five-case rule applies."""

    rule = FIVE_CASES

    def scope(self, request: HttpRequest, period: Period, **kwargs: Any) -> dict[str, Any]:
        network = queries.network_for(request.user, kwargs["pk"])
        return {
            "network": network,
            "members": queries.members_of(network) if not self.export else [],
            "title": network.name,
            "slug": f"network-{network.pk}",
        }


@coordinators
class DashboardView(_Own):
    pass


@coordinators
class DashboardCsvView(_Own):
    export = "csv"


@coordinators
class DashboardXlsxView(_Own):
    export = "xlsx"


@coordinators
class NetworkView(_Network):
    pass


@coordinators
class NetworkCsvView(_Network):
    export = "csv"


@coordinators
class NetworkXlsxView(_Network):
    export = "xlsx"
