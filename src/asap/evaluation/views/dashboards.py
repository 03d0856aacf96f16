"""The evaluation dashboards: the coordinator's own agency, and a network's pooled figures,
each as a page, a CSV and an XLSX. Every read is audited; every figure passes the five-case
rule (`asap.evaluation.suppression`)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views import View

from asap.core.permissions import acting_organisation
from asap.core.roles import Role
from asap.evaluation import exporters, queries, services
from asap.evaluation.suppression import SUPPRESSED, SUPPRESSED_EXPLANATION
from asap.evaluation.views.common import coordinators


class _Dashboard(View):
    """GET renders the figures of one scope in the format the subclass names."""

    export = ""

    def scope(self, request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
        raise NotImplementedError

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        organisation = acting_organisation(request, Role.COORDINATOR)
        scope = self.scope(request, organisation=organisation, **kwargs)
        figures = queries.figures(scope["cases"], scope["organisation_ids"])
        services.record_dashboard_read(
            actor=request.user,
            organisation=organisation,
            network=scope.get("network"),
            export=self.export,
        )
        filename = f"{scope['slug']}-{timezone.localdate():%Y-%m-%d}"
        if self.export == "csv":
            return exporters.figures_csv(f"{filename}.csv", figures)
        if self.export == "xlsx":
            return exporters.figures_xlsx(f"{filename}.xlsx", scope["title"], figures)
        context = {
            **scope,
            "organisation": organisation,
            "figures": figures,
            "suppressed_mark": SUPPRESSED,
            "suppressed_explanation": SUPPRESSED_EXPLANATION,
        }
        return render(request, "evaluation/dashboard.html", context)


class _Own(_Dashboard):
    def scope(self, request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
        organisation = kwargs["organisation"]
        return {
            "cases": queries.organisation_scope([organisation.pk]),
            "organisation_ids": [organisation.pk],
            "title": organisation.name,
            "slug": f"evaluation-{slugify(organisation.name)}",
        }


class _Network(_Dashboard):
    def scope(self, request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
        network = queries.network_for(request.user, kwargs["pk"])
        pooled = queries.pooled_organisations(network)
        return {
            "network": network,
            "members": queries.members_of(network) if not self.export else [],
            "cases": queries.organisation_scope(pooled),
            "organisation_ids": pooled,
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
