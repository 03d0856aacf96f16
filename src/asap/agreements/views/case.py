"""Case-level agreements, under /cases/<pk>/agreements/: between the case managers of the
agencies in one case, limited in time.

Every member of the case reads them (they are joint; the forms get the writer's access, and
refuse a victim-side writer's text that names the woman or a child or repeats a protected
detail); the members from an agency that is party change, send, withdraw, supersede and sign
them. A coordinator who is not a member and anyone unrelated are refused by the door.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asap.accounts.models import Organisation
from asap.agreements import queries, services
from asap.agreements.enums import AgreementLevel
from asap.agreements.forms import AgreementForm, EditAgreementForm
from asap.agreements.models import Agreement, Party
from asap.agreements.standard import standard_text
from asap.agreements.views import common
from asap.cases import access as door
from asap.cases.enums import AgencyStatus
from asap.cases.views.base import CaseFormView, CaseView, case_roles


def _partners(view: CaseView) -> Any:
    """The other agencies taking part in the case."""
    agencies = door.agencies_for(view.access).filter(status=AgencyStatus.ACTIVE)
    return Organisation.objects.filter(
        pk__in=agencies.values("organisation_id"), is_active=True
    ).exclude(pk=view.access.organisation_id)


@case_roles
class AgreementsView(CaseView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreements = queries.case_agreements_for(self.access).prefetch_related(
            "parties__organisation"
        )
        page = Paginator(agreements, common.PAGE_SIZE).get_page(request.GET.get("page"))
        context = {"case": self.access.case, "access": self.access, "page": page}
        return render(request, "agreements/case_list.html", context)


class AgreementFormView(CaseFormView):
    template_name = "agreements/form.html"
    submit_label = _("Save the draft")
    success_message = _("The draft was saved.")

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        # A party's worker may tick only the drafting agency: too few parties, said above the
        # form with the input kept.
        try:
            return super().post(request, **kwargs)
        except services.AgreementStateError as refusal:
            form = self.get_form(request.POST)
            form.is_valid()
            form.add_error(None, str(refusal))
            return self.render(form, status=400)

    def success_url(self) -> str:
        return reverse("case_agreements:detail", args=[self.access.case.pk, self.agreement.pk])


@case_roles
class DraftView(AgreementFormView):
    title = _("Draft a case level agreement")

    def get_form(self, data: Any = None) -> AgreementForm:
        today = timezone.localdate()
        initial = {
            **standard_text(AgreementLevel.CASE, case_code=self.access.case.code),
            "starts_on": today,
            "ends_on": self.access.case.programme_end,
            "parties": list(_partners(self).values_list("pk", flat=True)),
        }
        return AgreementForm(
            data,
            level=AgreementLevel.CASE,
            partners=_partners(self),
            access=self.access,
            initial=initial,
        )

    def save(self, form: AgreementForm) -> None:
        self.agreement = services.draft_agreement(
            actor=self.request.user,
            level=AgreementLevel.CASE,
            organisation=self.access.member.organisation,
            case=self.access.case,
            parties=form.cleaned_data["parties"],
            **form.values(),
        )


def _managed(view: CaseView) -> Agreement:
    agreement = queries.case_agreement_for(view.access, view.kwargs["agreement_pk"])
    if not queries.is_party_member(view.access, agreement):
        raise PermissionDenied("Only the case managers of the parties change it.")
    return agreement


@case_roles
class EditView(AgreementFormView):
    title = _("Change the draft agreement")

    def get_form(self, data: Any = None) -> EditAgreementForm:
        self.agreement = _managed(self)
        if not self.agreement.is_draft:
            raise PermissionDenied("Only a draft can be changed; this agreement is locked.")
        partners = Organisation.objects.filter(
            pk__in=_partners(self).values("pk")
        ) | Organisation.objects.filter(
            pk__in=self.agreement.parties.values("organisation_id")
        ).exclude(pk=self.agreement.organisation_id)
        return EditAgreementForm(
            data,
            level=AgreementLevel.CASE,
            partners=partners.distinct().order_by("name"),
            access=self.access,
            initial=common.form_initial(self.agreement),
        )

    def save(self, form: EditAgreementForm) -> None:
        services.update_agreement(
            actor=self.request.user,
            agreement=self.agreement,
            expected_version=form.cleaned_data["version"],
            parties=form.cleaned_data["parties"],
            **form.values(),
        )


def _urls(case_pk: int, agreement: Agreement) -> dict[str, str]:
    names = ["edit", "send", "withdraw", "sign", "supersede", "pdf"]
    args = [case_pk, agreement.pk]
    urls = {name: reverse(f"case_agreements:{name}", args=args) for name in names}
    urls["back"] = reverse("case_agreements:list", args=[case_pk])
    return urls


@case_roles
class AgreementView(CaseView):
    def get(self, request: HttpRequest, pk: int, agreement_pk: int) -> HttpResponse:
        agreement = queries.case_agreement_for(self.access, agreement_pk)
        context = {
            **common.detail_context(agreement),
            "case": self.access.case,
            "may_manage": queries.is_party_member(self.access, agreement),
            "signable": queries.signable_by_member(self.access, agreement),
            "urls": _urls(pk, agreement),
            "may_end": False,
        }
        return common.render_detail(request, context)


@case_roles
class AgreementPdfView(CaseView):
    def get(self, request: HttpRequest, pk: int, agreement_pk: int) -> HttpResponse:
        agreement = queries.case_agreement_for(self.access, agreement_pk)
        context = {**common.detail_context(agreement), "case": self.access.case}
        return common.agreement_pdf(request, context, self.access)


class Action(CaseView, common.AgreementAction):
    def agreement(self) -> Agreement:
        return queries.case_agreement_for(self.access, self.kwargs["agreement_pk"])

    def may_manage(self, agreement: Agreement) -> bool:
        return queries.is_party_member(self.access, agreement)

    def detail_url(self, agreement: Agreement) -> str:
        return reverse("case_agreements:detail", args=[self.access.case.pk, agreement.pk])

    def case_access(self) -> door.CaseAccess:
        return self.access


@case_roles
class SendView(common.SendMixin, Action):
    pass


@case_roles
class WithdrawView(common.WithdrawMixin, Action):
    pass


@case_roles
class SupersedeView(common.SupersedeMixin, Action):
    def detail_url(self, agreement: Agreement) -> str:
        if agreement.is_draft:
            return reverse("case_agreements:edit", args=[self.access.case.pk, agreement.pk])
        return super().detail_url(agreement)


@case_roles
class SignView(common.SignAction, Action):
    def signable(self, agreement: Agreement) -> list[Party]:
        return queries.signable_by_member(self.access, agreement)

    def role(self, party: Party) -> str:
        return door.case_role_of(self.request.user, party.organisation)
