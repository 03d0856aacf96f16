"""What the organisation- and case-level screens share: the agreement page (and its PDF),
the form's initial values, and the POST actions (send, withdraw, sign, supersede, end)."""

from typing import Any

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.accounts.enums import Role
from asap.agreements import queries, services
from asap.agreements.forms import SignForm
from asap.agreements.models import SECTION_FIELDS, Agreement, Party
from asap.agreements.standard import SECTIONS
from asap.cases.access import CaseAccess
from asap.core import rendered
from asap.core.pdf import ARCHIVED, pdf_response, render_pdf

PAGE_SIZE = 20


def role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def form_initial(agreement: Agreement) -> dict[str, Any]:
    return {
        "title": agreement.title,
        "starts_on": agreement.starts_on,
        "ends_on": agreement.ends_on,
        "parties": [
            p.organisation_id
            for p in agreement.parties.all()
            if p.organisation_id != agreement.organisation_id
        ],
        "version": agreement.version,
        **{name: getattr(agreement, name) for name in SECTION_FIELDS},
    }


def detail_context(agreement: Agreement) -> dict[str, Any]:
    """An agreement's page and PDF: every section, every party and its sign-off."""
    parties = queries.parties_of(agreement)
    return {
        "agreement": agreement,
        "sections": [(label, getattr(agreement, name)) for name, label in SECTIONS],
        "parties": [(party, role_label(party.signed_role)) for party in parties],
        "in_force": queries.is_in_force(agreement),
        # The next version: superseding this one, or still a draft (this one stays in force).
        "new_version": getattr(agreement, "superseded_by", None),
    }


class AgreementAction(View):
    """A POST that moves an agreement on (send, withdraw, sign, supersede, end). The level's
    subclass fetches the agreement and says who may act; a refused move comes back as a
    message on the agreement's page."""

    http_method_names = ["post"]
    needs_manager = True
    done_message: Any = ""

    def agreement(self) -> Agreement:
        raise NotImplementedError

    def may_manage(self, agreement: Agreement) -> bool:
        raise NotImplementedError

    def detail_url(self, agreement: Agreement) -> str:
        raise NotImplementedError

    def case_access(self) -> CaseAccess | None:
        """The case's access, for a case-level agreement; None at organisation level."""
        return None

    def act(self, agreement: Agreement) -> Agreement:
        raise NotImplementedError

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        agreement = self.agreement()
        if self.needs_manager and not self.may_manage(agreement):
            raise PermissionDenied("Only the drafting agency moves the agreement on.")
        try:
            result = self.act(agreement)
        except services.AgreementStateError as refusal:
            messages.error(request, str(refusal))
            return redirect(self.detail_url(agreement))
        messages.success(request, self.done_message)
        return redirect(self.detail_url(result))


class SendMixin:
    done_message = _("The agreement was sent to every party for sign-off.")

    def act(self, agreement: Agreement) -> Agreement:
        return services.send_agreement(
            actor=self.request.user, agreement=agreement, access=self.case_access()
        )


class WithdrawMixin:
    done_message = _("The agreement is a draft again; sign-offs given so far were cleared.")

    def act(self, agreement: Agreement) -> Agreement:
        return services.withdraw_agreement(actor=self.request.user, agreement=agreement)


class SupersedeMixin:
    done_message = _(
        "A new version was drafted. The signed one stays in force until every party has "
        "signed the new version."
    )

    def act(self, agreement: Agreement) -> Agreement:
        return services.supersede_agreement(actor=self.request.user, agreement=agreement)


class EndMixin:
    done_message = _("The agreement was ended.")

    def act(self, agreement: Agreement) -> Agreement:
        return services.end_agreement(actor=self.request.user, agreement=agreement)


@method_decorator(reauthentication_required, name="post")
class SignAction(AgreementAction):
    """Sign for one's agency, after a fresh re-authentication."""

    needs_manager = False
    done_message = _("Your agency's sign-off was recorded.")

    def signable(self, agreement: Agreement) -> list[Party]:
        raise NotImplementedError

    def role(self, party: Party) -> str:
        raise NotImplementedError

    def act(self, agreement: Agreement) -> Agreement:
        parties = self.signable(agreement)
        form = SignForm(self.request.POST, parties=parties)
        if not parties or not form.is_valid():
            raise services.AgreementStateError(_("There is nothing for you to sign here."))
        party = next(p for p in parties if p.pk == form.cleaned_data["party"])
        return services.sign_agreement(
            actor=self.request.user, agreement=agreement, party=party, role=self.role(party)
        )


def render_detail(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, "agreements/detail.html", context)


def agreement_pdf(
    request: HttpRequest, context: dict[str, Any], access: Any = None
) -> HttpResponse:
    """The agreement as an archived PDF; a case-level one (read through the case's `access`)
    is kept once rendered (`asap.core.rendered`)."""
    agreement = context["agreement"]
    template = "agreements/pdf.html"
    if access is None:
        pdf = render_pdf(template, context, request, variant=ARCHIVED)
    else:
        pdf = rendered.pdf_for(
            access,
            kind="agreement",
            object_id=agreement.pk,
            template=template,
            context=context,
            request=request,
            variant=ARCHIVED,
        )
    return pdf_response(f"agreement-{agreement.pk}-{agreement.status}.pdf", pdf)
