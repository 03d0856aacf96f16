"""Agencies and workers on a case: invite, accept, decline, add a colleague, put a former
worker back (their coordinator), leave."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.accounts.enums import Role
from asap.accounts.models import Organisation
from asap.cases import access, services
from asap.cases.enums import AgencyStatus
from asap.cases.forms_joining import (
    AcceptForm,
    AddMemberForm,
    DeclineForm,
    InviteForm,
    PutBackForm,
)
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
        return AcceptForm(data, colleagues=colleagues, me=request.user)

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
        if member == request.user:
            messages.success(request, _("Your agency now takes part in the case."))
            return redirect("cases:detail", pk=invitation.case_id)
        messages.warning(
            request,
            _(
                "Your agency now takes part in the case, and %(name)s works on it. You are not "
                "on the case and no longer see it; your coordinator can put you back."
            )
            % {"name": member.get_full_name() or member.email},
        )
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
                colleagues=access.colleagues_for(request.user, invitation.organisation),
                me=request.user,
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
    template_name = "cases/add_member.html"
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

    def context(self) -> dict[str, Any]:
        return {"former": services.former_members_for(self.access)}


@case_roles
class PutBackView(CaseView):
    """A coordinator of an agency taking part puts a former worker of it back on the case in
    one click (they left it, or the invitation was accepted for someone else). Also offered on
    the Add a colleague page; a coordinator who is not a member opens this page itself."""

    action = access.METADATA

    def check(self) -> list[services.FormerMember]:
        if not self.request.user.organisations_where(Role.COORDINATOR):
            raise PermissionDenied("Only a coordinator puts a former worker back.")
        return services.former_members_for(self.access)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render(self.check())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        former = self.check()
        form = PutBackForm(request.POST, former=former)
        if not form.is_valid():
            return self.render(former, status=400)
        chosen = next(f for f in former if f.user.pk == form.cleaned_data["user"])
        services.put_back_member(actor=request.user, access=self.access, user=chosen.user)
        messages.success(
            request,
            _("%(name)s is back on the case.")
            % {"name": chosen.user.get_full_name() or chosen.user.email},
        )
        return redirect("cases:detail", pk=self.access.case.pk)

    def render(self, former: list[services.FormerMember], status: int = 200) -> HttpResponse:
        context = {"case": self.access.case, "former": former}
        return render(self.request, "cases/put_back.html", context, status=status)


@case_roles
class LeaveView(CaseView):
    frozen_by_restriction = False  # narrows processing: allowed while restricted

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, "cases/leave.html", {"case": self.access.case})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        services.leave_case(actor=request.user, access=self.access)
        messages.success(request, _("You left the case. It is no longer in your list."))
        return redirect("cases:list")
