"""Closing and reopening a case, handing the lead over, transferring an agency's part.

Each is a form on one case (`CaseFormView`), so each passes the door, the restriction and
the closure of `CaseView.dispatch`: closing, the lead and a transfer are refused on a closed
case like any write; reopening is the one write a closed case takes.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from asap.accounts.models import User
from asap.cases import access, services
from asap.cases.forms_closure import CloseCaseForm, LeadForm, ReopenCaseForm, TransferForm
from asap.cases.services.closure import (
    lead_candidates,
    may_close,
    transfer_targets,
    transferable_agency,
)
from asap.cases.views.base import CaseFormView, case_roles

CLOSING_MEETING = "closing"  # the meetings timeline's closing meeting (T3)


class _RefusesOpenState(CaseFormView):
    """Closing a closed case or reopening an open one (someone was quicker): the form again,
    with the reason, nothing saved."""

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        try:
            return super().post(request, **kwargs)
        except services.CaseOpenError as refusal:
            form = self.get_form(request.POST)
            form.is_valid()
            form.add_error(None, str(refusal))
            return self.render(form, status=409)


@case_roles
class CloseView(_RefusesOpenState):
    template_name = "cases/closure_close.html"
    title = _("Close the case")
    intro = _(
        "Closing ends the joint work: the case becomes read-only for everyone until a lead "
        "worker reopens it. Every member reads that it was closed and why; your closing note "
        "stays on your side."
    )
    submit_label = _("Close the case")
    success_message = _("The case is closed. It is now read-only.")

    def get_form(self, data: Any = None) -> CloseCaseForm:
        if not may_close(self.access):
            raise PermissionDenied("Only a lead worker of the victim or perpetrator side.")
        return CloseCaseForm(
            data, side=self.access.side, initial={"version": self.access.case.version}
        )

    def save(self, form: CloseCaseForm) -> None:
        services.close_case(
            actor=self.request.user,
            access=self.access,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )

    def context(self) -> dict[str, Any]:
        return closing_meeting(self.access)


def closing_meeting(case_access: access.CaseAccess) -> dict[str, Any]:
    """The timeline's closing meeting and the last one of that type on the case (held,
    planned, or none: then the page proposes to schedule it before closing)."""
    from asap.meetings import queries, timeline  # meetings builds on cases
    from asap.meetings.enums import MeetingStatus

    try:
        meeting_type = timeline.current().type(CLOSING_MEETING)
    except KeyError:
        return {}
    last = (
        queries.meetings_for(case_access)
        .filter(type_key=meeting_type.key)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at")
        .first()
    )
    return {"closing_type": meeting_type, "closing_meeting": last}


@case_roles
class ReopenView(_RefusesOpenState):
    writes_on_closed_case = True
    title = _("Reopen the case")
    intro = _(
        "The case becomes open again for every member. Say why: your side reads the reason, "
        "every member reads that the case was reopened."
    )
    submit_label = _("Reopen the case")
    success_message = _("The case is open again.")

    def get_form(self, data: Any = None) -> ReopenCaseForm:
        if not may_close(self.access):
            raise PermissionDenied("Only a lead worker of the victim or perpetrator side.")
        return ReopenCaseForm(data, initial={"version": self.access.case.version})

    def save(self, form: ReopenCaseForm) -> None:
        services.reopen_case(
            actor=self.request.user,
            access=self.access,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )


@case_roles
class LeadView(CaseFormView):
    title = _("Hand the lead over")
    intro = _(
        "Choose the colleague of your organisation who leads the case for it from now on. "
        "If they are not on the case yet, they are added; you stay on it as a worker."
    )
    submit_label = _("Hand the lead over")
    success_message = _("The lead was handed over.")

    def get_form(self, data: Any = None) -> LeadForm:
        member = self.access.member
        if member is None or not member.is_lead:
            raise PermissionDenied("Only the lead worker hands the lead over.")
        colleagues = User.objects.filter(pk__in=lead_candidates(self.access)).order_by(
            "full_name", "email"
        )
        return LeadForm(data, colleagues=colleagues)

    def save(self, form: LeadForm) -> None:
        services.hand_over_lead(
            actor=self.request.user, access=self.access, to=form.cleaned_data["user"]
        )


@case_roles
class TransferView(CaseFormView):
    # A coordinator transfers their organisation's part without being a member of the case.
    action = access.METADATA
    title = _("Transfer our part in the case")
    intro = _(
        "Another organisation of the same kind, bound to yours by a multi-agency agreement in "
        "force, takes over your organisation's part. Its coordinators receive an invitation "
        "with the case code only; one of its workers accepts it. Your workers leave the case "
        "now. What your side recorded stays with the side, for the organisation that takes over."
    )
    submit_label = _("Transfer our part")
    success_message = _("Your organisation's part was transferred; your workers left the case.")

    def get_form(self, data: Any = None) -> TransferForm:
        self.agency = transferable_agency(self.access)
        if self.agency is None:
            raise PermissionDenied("Only the lead worker or a coordinator of the organisation.")
        return TransferForm(data, organisations=transfer_targets(self.agency), access=self.access)

    def save(self, form: TransferForm) -> None:
        services.transfer_agency(
            actor=self.request.user,
            access=self.access,
            agency=self.agency,
            to=form.cleaned_data["organisation"],
            message=form.cleaned_data["message"],
        )

    def success_url(self) -> str:
        return reverse("cases:list")

    def context(self) -> dict[str, Any]:
        return {"agency": self.agency}
