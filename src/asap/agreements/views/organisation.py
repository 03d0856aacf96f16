"""Organisation-level agreements, under /agreements/, for coordinators: the list, drafting
and changing a draft, the agreement's page, its PDF, and the moves from draft to sign-off,
lock, a new version, and an end.

The coordinators of every party read the agreement and sign for their agency; the drafting
agency's coordinators change, send, withdraw, supersede and end it. Anyone else is told
nothing exists (404).
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.accounts.enums import Role
from asap.accounts.models import Organisation
from asap.agreements import queries, services
from asap.agreements.enums import AgreementLevel
from asap.agreements.forms import AgreementForm, EditAgreementForm
from asap.agreements.models import Agreement, Party
from asap.agreements.standard import standard_text
from asap.agreements.views import common
from asap.cases.views.base import CONCURRENT_EDIT
from asap.core.permissions import acting_organisation, for_roles
from asap.core.versioning import ConcurrentEditError

coordinators = for_roles(Role.COORDINATOR)


@coordinators
class AgreementsView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        agreements = queries.organisation_agreements_for(request.user)
        page = Paginator(agreements, common.PAGE_SIZE).get_page(request.GET.get("page"))
        context = {"organisation": acting_organisation(request, Role.COORDINATOR), "page": page}
        return render(request, "agreements/list.html", context)


class FormView(View):
    title: Any = ""
    submit_label: Any = _("Save the draft")

    def form(self, data: Any = None) -> AgreementForm:
        raise NotImplementedError

    def save(self, form: Any) -> Agreement:
        raise NotImplementedError

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return self.render(self.form())

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            agreement = self.save(form)
        except ConcurrentEditError:
            form.add_error(None, CONCURRENT_EDIT)
            return self.render(form, status=409)
        messages.success(request, _("The draft was saved."))
        return redirect("agreements:detail", agreement_pk=agreement.pk)

    def render(self, form: AgreementForm, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "title": self.title,
            "submit_label": self.submit_label,
            "back_url": reverse("agreements:list"),
        }
        return render(self.request, "agreements/form.html", context, status=status)

    def partners(self, organisation: Organisation) -> Any:
        return queries.partner_organisations(self.request.user).exclude(pk=organisation.pk)


@coordinators
class DraftView(FormView):
    title = _("Draft an organisations level agreement")

    def form(self, data: Any = None) -> AgreementForm:
        self.organisation = acting_organisation(self.request, Role.COORDINATOR)
        return AgreementForm(
            data,
            level=AgreementLevel.ORGANISATION,
            partners=self.partners(self.organisation),
            initial=standard_text(AgreementLevel.ORGANISATION),
        )

    def save(self, form: AgreementForm) -> Agreement:
        return services.draft_agreement(
            actor=self.request.user,
            level=AgreementLevel.ORGANISATION,
            organisation=self.organisation,
            parties=form.cleaned_data["parties"],
            **form.values(),
        )


def _managed(request: HttpRequest, agreement_pk: int) -> Agreement:
    agreement = queries.organisation_agreement_for(request.user, agreement_pk)
    if not queries.may_manage_organisation_agreement(request.user, agreement):
        raise PermissionDenied("Only the drafting agency's coordinators change it.")
    return agreement


@coordinators
class EditView(FormView):
    title = _("Change the draft agreement")

    def form(self, data: Any = None) -> EditAgreementForm:
        self.agreement = _managed(self.request, self.kwargs["agreement_pk"])
        if not self.agreement.is_draft:
            raise PermissionDenied("Only a draft can be changed; this agreement is locked.")
        return EditAgreementForm(
            data,
            level=AgreementLevel.ORGANISATION,
            partners=self.partners(self.agreement.organisation),
            initial=common.form_initial(self.agreement),
        )

    def save(self, form: EditAgreementForm) -> Agreement:
        return services.update_agreement(
            actor=self.request.user,
            agreement=self.agreement,
            expected_version=form.cleaned_data["version"],
            parties=form.cleaned_data["parties"],
            **form.values(),
        )


def _urls(agreement: Agreement) -> dict[str, str]:
    names = ["edit", "send", "withdraw", "sign", "supersede", "end", "pdf"]
    urls = {name: reverse(f"agreements:{name}", args=[agreement.pk]) for name in names}
    urls["back"] = reverse("agreements:list")
    return urls


@coordinators
class AgreementView(View):
    def get(self, request: HttpRequest, agreement_pk: int) -> HttpResponse:
        agreement = queries.organisation_agreement_for(request.user, agreement_pk)
        context = {
            **common.detail_context(agreement),
            "may_manage": queries.may_manage_organisation_agreement(request.user, agreement),
            "signable": queries.signable_by_coordinator(request.user, agreement),
            "urls": _urls(agreement),
            "may_end": True,
        }
        return common.render_detail(request, context)


@coordinators
class AgreementPdfView(View):
    def get(self, request: HttpRequest, agreement_pk: int) -> HttpResponse:
        agreement = queries.organisation_agreement_for(request.user, agreement_pk)
        return common.agreement_pdf(request, common.detail_context(agreement))


class Action(common.AgreementAction):
    def agreement(self) -> Agreement:
        return queries.organisation_agreement_for(self.request.user, self.kwargs["agreement_pk"])

    def may_manage(self, agreement: Agreement) -> bool:
        return queries.may_manage_organisation_agreement(self.request.user, agreement)

    def detail_url(self, agreement: Agreement) -> str:
        return reverse("agreements:detail", args=[agreement.pk])


@coordinators
class SendView(common.SendMixin, Action):
    pass


@coordinators
class WithdrawView(common.WithdrawMixin, Action):
    pass


@coordinators
class SupersedeView(common.SupersedeMixin, Action):
    def detail_url(self, agreement: Agreement) -> str:
        if agreement.is_draft:
            return reverse("agreements:edit", args=[agreement.pk])
        return super().detail_url(agreement)


@coordinators
class EndView(common.EndMixin, Action):
    pass


@coordinators
class SignView(common.SignAction, Action):
    def signable(self, agreement: Agreement) -> list[Party]:
        return queries.signable_by_coordinator(self.request.user, agreement)

    def role(self, party: Party) -> str:
        return Role.COORDINATOR
