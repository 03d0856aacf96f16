"""What leads from one step of the joint assessment to the next: the start buttons that
open the administration the other side already started, "Agree the result" once the
viewer's side has answered, the next steps once the level is agreed, and withdrawing an
administration started by mistake."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asap.cases.views.base import CaseView, case_roles
from asap.instruments import queries, services
from asap.instruments.enums import AdministrationStatus, Source
from asap.instruments.starting import JOINT_RESPONDENT, answered_by_others

FIRST_REVIEW_TYPE = "periodic_review"  # the meetings timeline's review, aligned with T2
FIRST_REVIEW_POINT = "T2"


def start_choices(startable: list[Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each instrument the viewer's side may start, with the open administration of a
    joint one already on the case (from the listed rows: no query): answered, not
    started again."""
    open_joint = {}
    for row in reversed(rows):  # oldest first: the one the first side started
        administration = row["administration"]
        if (
            administration.respondent == JOINT_RESPONDENT
            and administration.status == AdministrationStatus.OPEN
        ):
            open_joint.setdefault(administration.definition_key, administration)
    return [
        {"definition": definition, "open": open_joint.get(definition.key)}
        for definition in startable
    ]


def answered_sources(answers: dict) -> list[str]:
    """The sources whose answers the viewer reads in an administration, as labels ("Victim
    support service"). Only those read: a side whose answers a consent withholds is not
    named here (the withheld notice says what it may)."""
    sources = {source for by_item in answers.values() for by in by_item.values() for source in by}
    return [str(label) for value, label in Source.choices if value in sources]


def next_steps(case_access: Any) -> dict[str, str]:
    """Where the joint work goes once the level is agreed: the action plan's form and the
    first review meeting's, its type chosen and, when the case has its dates, its day."""
    case = case_access.case
    review = {"type": FIRST_REVIEW_TYPE}
    today = timezone.localdate()
    due = [
        p.due
        for p in queries.schedule_for(case_access, today)
        if p.point == FIRST_REVIEW_POINT and p.due >= today
    ]
    if due:
        review["on"] = min(due).isoformat()
    return {
        "add_action": reverse("plans:add", args=[case.pk]),
        "schedule_review": f"{reverse('meetings:schedule', args=[case.pk])}?{urlencode(review)}",
    }


@case_roles
class WithdrawView(CaseView):
    """Withdraw an administration started by mistake: a page that says what it does, then
    the button. Refused once another side has answered in it, or when it is complete."""

    def get_administration(self) -> Any:
        administration = queries.administration_for(self.access, self.kwargs["administration_pk"])
        self.title = services.definition_of(administration).label()
        return administration

    def get(self, request: HttpRequest, pk: int, administration_pk: int) -> HttpResponse:
        return self.show(self.get_administration())

    def show(self, administration: Any, status: int = 200) -> HttpResponse:
        refused = administration.status != AdministrationStatus.OPEN or answered_by_others(
            self.access, administration
        )
        context = {
            "case": self.access.case,
            "administration": administration,
            "title": self.title,
            "refused": refused,
        }
        return render(self.request, "instruments/withdraw.html", context, status=status)

    def post(self, request: HttpRequest, pk: int, administration_pk: int) -> HttpResponse:
        administration = self.get_administration()
        if not request.POST.get("confirm"):
            return self.show(administration, status=400)
        try:
            services.withdraw_administration(
                actor=request.user,
                access=self.access,
                administration=administration,
                title=self.title,
            )
        except services.NotWithdrawableError:
            return self.show(administration, status=409)
        messages.success(request, _("The assessment was withdrawn."))
        return redirect("instruments:list", pk=pk)


def refuse_second(request: HttpRequest, pk: int, error: Any) -> HttpResponse:
    """A joint instrument already open on the case: the viewer answers that one."""
    messages.info(
        request,
        _(
            "This assessment was already started on the case: you are answering the same one, "
            "for your side."
        ),
    )
    return redirect("instruments:answer", pk=pk, administration_pk=error.administration.pk)
