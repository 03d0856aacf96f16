"""An organisation's webhooks, for its administrators: the endpoints with their last
deliveries, registering one (its secret shown once), deactivating one, the deliveries log."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.accounts.enums import Role
from asap.core.permissions import acting_organisation, for_roles
from asap.webhooks import queries, services
from asap.webhooks.delivery import MAX_ATTEMPTS
from asap.webhooks.forms import EndpointForm

PAGE_SIZE = 50


@for_roles(Role.ADMINISTRATOR)
@method_decorator(reauthentication_required, name="post")
class EndpointsView(View):
    """The endpoints and the form to register one; registering needs a fresh
    re-authentication and shows the new secret once."""

    template_name = "webhooks/endpoints.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, EndpointForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        organisation = acting_organisation(request, Role.ADMINISTRATOR)
        form = EndpointForm(request.POST)
        if not form.is_valid():
            return self.render(request, form, status=400)
        endpoint, secret = services.register_endpoint(
            actor=request.user, organisation=organisation, **form.cleaned_data
        )
        response = render(
            request, "webhooks/registered.html", {"endpoint": endpoint, "secret": secret}
        )
        add_never_cache_headers(response)  # the secret must not stay in a cache
        return response

    def render(self, request: HttpRequest, form: EndpointForm, status: int = 200) -> HttpResponse:
        organisation = acting_organisation(request, Role.ADMINISTRATOR)
        context = {
            "organisation": organisation,
            "endpoints": queries.endpoints_for(organisation),
            "form": form,
        }
        return render(request, self.template_name, context, status=status)


@for_roles(Role.ADMINISTRATOR)
@method_decorator(reauthentication_required, name="post")
class DeactivateView(View):
    """Stop sending to an endpoint of the administrator's organisation."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        organisation = acting_organisation(request, Role.ADMINISTRATOR)
        endpoint = get_object_or_404(queries.active_endpoints_of(organisation), pk=pk)
        services.deactivate_endpoint(actor=request.user, endpoint=endpoint)
        messages.success(request, _("The endpoint was deactivated: nothing more is sent to it."))
        return redirect("webhooks:endpoints")


@for_roles(Role.ADMINISTRATOR)
class DeliveriesView(View):
    """Every delivery to the organisation's endpoints, newest first, with its attempts."""

    def get(self, request: HttpRequest) -> HttpResponse:
        organisation = acting_organisation(request, Role.ADMINISTRATOR)
        page = Paginator(queries.deliveries_for(organisation), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context = {
            "organisation": organisation,
            "page": page,
            "max_attempts": MAX_ATTEMPTS,
        }
        return render(request, "webhooks/deliveries.html", context)
