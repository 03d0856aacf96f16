"""An organisation's API tokens, for its administrators: the list with each token's last use,
issuing one (its secret shown once, in the response to the form and nowhere else), revoking
one after a confirmation."""

from urllib.parse import urlencode

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.accounts.enums import Role
from asap.accounts.models import Organisation
from asap.accounts.queries import administered_organisations
from asap.api import services
from asap.api.forms import IssueTokenForm
from asap.api.models import ApiToken, ApiTokenQuerySet
from asap.core.permissions import acting_organisation, for_roles

PAGE_SIZE = 50


def _organisation(request: HttpRequest) -> Organisation:
    """The organisation whose tokens the page shows: `?organisation=<id>` among those the
    administrator administers (404 for another), else the first of them."""
    first = acting_organisation(request, Role.ADMINISTRATOR)
    asked = request.GET.get("organisation")
    if not asked:
        return first
    for organisation in administered_organisations(request.user):
        if str(organisation.pk) == asked:
            return organisation
    raise Http404


def _tokens_of(organisation: Organisation) -> ApiTokenQuerySet:
    return ApiToken.objects.of_organisation(organisation.pk).select_related(
        "created_by", "revoked_by"
    )


@for_roles(Role.ADMINISTRATOR)
@method_decorator(reauthentication_required, name="post")
class TokensView(View):
    """The organisation's tokens and the form to issue one; issuing needs a fresh
    re-authentication and shows the new secret once."""

    template_name = "api/tokens.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, IssueTokenForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        organisation = _organisation(request)
        form = IssueTokenForm(request.POST)
        if not form.is_valid():
            return self.render(request, form, status=400)
        token, secret = services.issue_token(
            actor=request.user,
            organisation=organisation,
            name=form.cleaned_data["name"],
            role=form.cleaned_data["role"],
            expires_at=form.expires_at(),
            allowed_addresses=form.cleaned_data["allowed_addresses"],
        )
        # The secret is in this response only: no redirect, no message, no session.
        response = render(request, "api/tokens_issued.html", {"token": token, "secret": secret})
        add_never_cache_headers(response)
        return response

    def render(self, request: HttpRequest, form: IssueTokenForm, status: int = 200) -> HttpResponse:
        organisation = _organisation(request)
        page = Paginator(_tokens_of(organisation), PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "organisation": organisation,
            "organisations": administered_organisations(request.user),
            "query": urlencode({"organisation": organisation.pk}),
            "page": page,
            "form": form,
        }
        return render(request, self.template_name, context, status=status)


@for_roles(Role.ADMINISTRATOR)
@method_decorator(reauthentication_required, name="post")
class RevokeTokenView(View):
    """Confirm, then revoke a token of the administrator's organisation for good."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = self.token(request, pk)
        return render(request, "api/tokens_revoke.html", {"token": token})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = self.token(request, pk)
        services.revoke_token(actor=request.user, token=token)
        messages.success(
            request, _("The token was revoked: every call with it is now refused (401).")
        )
        return redirect(f"{reverse('api_tokens:list')}?organisation={token.organisation_id}")

    @staticmethod
    def token(request: HttpRequest, pk: int) -> ApiToken:
        """An unrevoked token of an organisation the administrator administers, or 404."""
        acting_organisation(request, Role.ADMINISTRATOR)
        tokens = ApiToken.objects.filter(
            organisation__in=administered_organisations(request.user), revoked_at__isnull=True
        ).select_related("organisation")
        return get_object_or_404(tokens, pk=pk)
