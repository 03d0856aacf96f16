"""The stakeholder map of Module 6, Topic 3: the victims' needs, who has the resources to
meet them, and how and when to bring that participant into the cooperation."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.cases.views.base import CONCURRENT_EDIT
from asap.core.permissions import acting_organisation
from asap.core.roles import Role
from asap.core.versioning import ConcurrentEditError
from asap.evaluation import queries, services
from asap.evaluation.enums import StakeholderStatus
from asap.evaluation.forms import DeleteForm, StakeholderEditForm, StakeholderForm
from asap.evaluation.services import STAKEHOLDER_FIELDS
from asap.evaluation.views.common import coordinators

BACK = reverse_lazy("evaluation:stakeholders")


@coordinators
class StakeholdersView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        organisation = acting_organisation(request, Role.COORDINATOR)
        rows = list(queries.stakeholders_of(organisation))
        context = {
            "organisation": organisation,
            "rows": rows,
            "statuses": [
                (label, sum(1 for r in rows if r.status == value))
                for value, label in StakeholderStatus.choices
            ],
        }
        return render(request, "evaluation/stakeholders.html", context)


def _render(request: HttpRequest, form: Any, title: Any, status: int = 200) -> HttpResponse:
    context = {"form": form, "title": title, "back_url": BACK}
    return render(request, "evaluation/form.html", context, status=status)


@coordinators
class StakeholderAddView(View):
    title = _("Add a stakeholder to the map")

    def get(self, request: HttpRequest) -> HttpResponse:
        acting_organisation(request, Role.COORDINATOR)
        return _render(request, StakeholderForm(), self.title)

    def post(self, request: HttpRequest) -> HttpResponse:
        organisation = acting_organisation(request, Role.COORDINATOR)
        form = StakeholderForm(request.POST)
        if not form.is_valid():
            return _render(request, form, self.title, status=400)
        values = {k: form.cleaned_data[k] for k in STAKEHOLDER_FIELDS}
        services.add_stakeholder(actor=request.user, organisation=organisation, **values)
        messages.success(request, _("Added to the stakeholder map."))
        return redirect("evaluation:stakeholders")


@coordinators
class StakeholderEditView(View):
    title = _("Change a stakeholder")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = queries.stakeholder_of(acting_organisation(request, Role.COORDINATOR), pk)
        initial = {k: getattr(row, k) for k in STAKEHOLDER_FIELDS} | {"version": row.version}
        return _render(request, StakeholderEditForm(initial=initial), self.title)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = queries.stakeholder_of(acting_organisation(request, Role.COORDINATOR), pk)
        form = StakeholderEditForm(request.POST)
        if not form.is_valid():
            return _render(request, form, self.title, status=400)
        values = {k: form.cleaned_data[k] for k in STAKEHOLDER_FIELDS}
        try:
            services.change_stakeholder(
                actor=request.user,
                row=row,
                expected_version=form.cleaned_data["version"],
                **values,
            )
        except ConcurrentEditError:
            form.add_error(None, CONCURRENT_EDIT)
            return _render(request, form, self.title, status=409)
        messages.success(request, _("Saved."))
        return redirect("evaluation:stakeholders")


@coordinators
class StakeholderDeleteView(View):
    title = _("Remove a stakeholder from the map")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        queries.stakeholder_of(acting_organisation(request, Role.COORDINATOR), pk)
        return _render(request, DeleteForm(), self.title)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = queries.stakeholder_of(acting_organisation(request, Role.COORDINATOR), pk)
        form = DeleteForm(request.POST)
        if not form.is_valid():
            return _render(request, form, self.title, status=400)
        services.delete_stakeholder(actor=request.user, row=row)
        messages.success(request, _("Removed from the stakeholder map."))
        return redirect("evaluation:stakeholders")
