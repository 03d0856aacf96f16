"""Networks: the list, creating one, adding members, and each member opting in or out."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.core.permissions import acting_organisation
from asap.core.roles import Role
from asap.evaluation import queries, services
from asap.evaluation.forms import AddMembersForm, NetworkForm, OptInForm
from asap.evaluation.views.common import coordinators


@coordinators
class NetworksView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        organisation = acting_organisation(request, Role.COORDINATOR)
        context = {"organisation": organisation, "networks": queries.networks_for(request.user)}
        return render(request, "evaluation/networks.html", context)


def _form_page(
    request: HttpRequest, form: forms.Form, title: Any, back: str, status: int = 200
) -> HttpResponse:
    context = {"form": form, "title": title, "back_url": back}
    return render(request, "evaluation/form.html", context, status=status)


@coordinators
class NetworkCreateView(View):
    title = _("Create a network")

    def get(self, request: HttpRequest) -> HttpResponse:
        acting_organisation(request, Role.COORDINATOR)
        return _form_page(request, NetworkForm(), self.title, reverse("evaluation:networks"))

    def post(self, request: HttpRequest) -> HttpResponse:
        organisation = acting_organisation(request, Role.COORDINATOR)
        form = NetworkForm(request.POST)
        if not form.is_valid():
            back = reverse("evaluation:networks")
            return _form_page(request, form, self.title, back, status=400)
        network = services.create_network(
            actor=request.user,
            organisation=organisation,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            members=list(form.cleaned_data["members"]),
        )
        messages.success(request, _("The network was created. Your figures are pooled in it."))
        return redirect("evaluation:network", pk=network.pk)


def _own_membership(request: HttpRequest, pk: int) -> tuple[Any, Any]:
    network = queries.network_for(request.user, pk)
    organisation = next(
        (
            m.organisation
            for m in queries.members_of(network)
            if m.organisation in request.user.organisations_where(Role.COORDINATOR)
        ),
        None,
    )
    if organisation is None:
        raise Http404
    return network, organisation


@coordinators
class NetworkMembersView(View):
    title = _("Add organisations to the network")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        _own_membership(request, pk)
        return _form_page(
            request, AddMembersForm(), self.title, reverse("evaluation:network", args=[pk])
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        network, organisation = _own_membership(request, pk)
        form = AddMembersForm(request.POST)
        if not form.is_valid():
            back = reverse("evaluation:network", args=[pk])
            return _form_page(request, form, self.title, back, status=400)
        services.add_members(
            actor=request.user,
            network=network,
            organisation=organisation,
            members=list(form.cleaned_data["members"]),
        )
        messages.success(request, _("Added. Each new member's coordinator decides to pool."))
        return redirect("evaluation:network", pk=pk)


@coordinators
class OptInView(View):
    title = _("Pool our figures in this network?")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        _own_membership(request, pk)
        return _form_page(
            request, OptInForm(), self.title, reverse("evaluation:network", args=[pk])
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        network, organisation = _own_membership(request, pk)
        form = OptInForm(request.POST)
        if not form.is_valid():
            back = reverse("evaluation:network", args=[pk])
            return _form_page(request, form, self.title, back, status=400)
        pooled = form.cleaned_data["pool"] == "yes"
        services.set_opt_in(
            actor=request.user, network=network, organisation=organisation, opted_in=pooled
        )
        messages.success(
            request,
            _("Your figures are pooled in this network.")
            if pooled
            else _("Your figures are no longer pooled in this network."),
        )
        return redirect("evaluation:network", pk=pk)
