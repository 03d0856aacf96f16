"""Agencies and workers on a case: invite, accept, decline, add a colleague, leave."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.accounts.models import Organisation
from asap.cases import access, services
from asap.cases.enums import AgencyStatus
from asap.cases.forms import AcceptForm, AddMemberForm, DeclineForm, InviteForm
from asap.cases.services.frozen import CLOSED_NOTICE, is_closed
from asap.cases.views.base import CaseFormView, CaseView, case_roles
from asap.dataprotection import restrictions


@case_roles
class InviteView(CaseFormView):
    title = _("Invite a partner agency")
    intro = _(
        "The agency's coordinators receive an e-mail with the case code only. Until one of its "
        "workers accepts, the agency sees nothing of the case."
    )
    submit_label = _("Send the invitation")
    success_message = _("The invitation was sent.")

    def get_form(self, data: Any = None) -> InviteForm:
        taking_part = access.agencies_for(self.access).filter(
            status__in=[AgencyStatus.ACTIVE, AgencyStatus.INVITED]
        )
        organisations = Organisation.objects.filter(is_active=True).exclude(
            pk__in=taking_part.values("organisation_id")
        )
        return InviteForm(data, organisations=organisations, access=self.access)

    def save(self, form: InviteForm) -> None:
        services.invite_agency(actor=self.request.user, access=self.access, **form.cleaned_data)


@case_roles
class AcceptView(View):
    """Accept an invitation to one's agency and say who works on the case."""

    def form(self, request: HttpRequest, invitation: Any, data: Any = None) -> AcceptForm:
        colleagues = access.colleagues_for(request.user, invitation.organisation)
        return AcceptForm(data, colleagues=colleagues, initial={"member": request.user.pk})

    def get(self, request: HttpRequest, agency_pk: int) -> HttpResponse:
        invitation = access.invitation_for(request.user, agency_pk)
        return self.render(request, invitation, self.form(request, invitation))

    def post(self, request: HttpRequest, agency_pk: int) -> HttpResponse:
        invitation = access.invitation_for(request.user, agency_pk)
        form = self.form(request, invitation, request.POST)
        if not form.is_valid():
            return self.render(request, invitation, form, status=400)
        # The one write on a case outside its URLs: a restricted case takes no new agency.
        restricted = restrictions.in_force(invitation.case_id)
        if restricted:
            form.add_error(None, " ".join(restrictions.notices(restricted, None)))
            return self.render(request, invitation, form, status=423)
        if is_closed(invitation.case):  # a closed case takes no new agency either
            form.add_error(None, CLOSED_NOTICE)
            return self.render(request, invitation, form, status=423)
        member = form.cleaned_data["member"]
        try:
            services.accept_invitation(actor=request.user, invitation=invitation, member=member)
        except services.SharingRefusedError as refusal:
            form.add_error(None, str(refusal))
            return self.render(request, invitation, form, status=400)
        messages.success(request, _("Your agency now takes part in the case."))
        if member == request.user:
            return redirect("cases:detail", pk=invitation.case_id)
        return redirect("cases:list")

    def render(
        self, request: HttpRequest, invitation: Any, form: AcceptForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "invitation": invitation,
            "form": form,
            "decline_form": DeclineForm(),
        }
        return render(request, "cases/invitation.html", context, status=status)


@case_roles
class DeclineView(View):
    def post(self, request: HttpRequest, agency_pk: int) -> HttpResponse:
        invitation = access.invitation_for(request.user, agency_pk)
        form = DeclineForm(request.POST)
        if not form.is_valid():
            accept = AcceptForm(
                colleagues=access.colleagues_for(request.user, invitation.organisation)
            )
            context = {"invitation": invitation, "form": accept, "decline_form": form}
            return render(request, "cases/invitation.html", context, status=400)
        services.decline_invitation(
            actor=request.user, invitation=invitation, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The invitation was declined."))
        return redirect("cases:list")


@case_roles
class AddMemberView(CaseFormView):
    title = _("Add a colleague to the case")
    submit_label = _("Add to the case")
    success_message = _("Your colleague was added to the case.")

    def get_form(self, data: Any = None) -> AddMemberForm:
        colleagues = access.colleagues_for(
            self.request.user, self.access.member.organisation
        ).exclude(pk__in=access.members_for(self.access).values("user_id"))
        return AddMemberForm(data, colleagues=colleagues)

    def save(self, form: AddMemberForm) -> None:
        services.add_member(
            actor=self.request.user, access=self.access, user=form.cleaned_data["user"]
        )


@case_roles
class LeaveView(CaseView):
    frozen_by_restriction = False  # narrows processing: allowed while restricted

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, "cases/leave.html", {"case": self.access.case})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        services.leave_case(actor=request.user, access=self.access)
        messages.success(request, _("You left the case. It is no longer in your list."))
        return redirect("cases:list")
