"""His programme on a case: the page every member reads (the perpetrator side with its
reasons, notes and forms; the others the status and the figures), recording a status and
a session, correcting a session; and a programme's threshold of absences."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.accounts.enums import OrganisationKind, Role
from asap.accounts.models import Organisation
from asap.cases import access
from asap.cases.views.base import CaseFormView, CaseView, case_roles
from asap.core.permissions import for_roles
from asap.programme import queries, services
from asap.programme.forms import (
    EditSessionForm,
    SessionForm,
    StatusForm,
    ThresholdForm,
    session_initial,
)

PAGE_SIZE = 30


@case_roles
class ProgrammeView(CaseView):
    """His programme: status, figures and (on his side) the register. Its read is audited
    once, as `programme.read` with the fields shown, not also as `case.read`."""

    action = access.READ_RECORDED_BY_VIEW

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        writes = services.may_write(self.access)
        context: dict[str, Any] = {
            "case": self.access.case,
            "access": self.access,
            "may_write": writes,
            "current": queries.current_status(self.access),
            "figures": queries.attendance_figures(self.access),
        }
        shown = ["status", "date", "attendance_figures"]
        if writes:
            page = Paginator(queries.register(self.access), PAGE_SIZE).get_page(
                request.GET.get("page")
            )
            context |= {
                "history": queries.status_history(self.access),
                "page": page,
                "sessions": queries.readable(self.access, page.object_list),
                "status_form": StatusForm(),
                "session_form": SessionForm(),
            }
            shown += ["reason", "register", "note"]
        else:
            context["history"] = queries.status_history(self.access)
        access.record_read(self.access, "programme", shown)
        return render(request, "programme/page.html", context)


class _WriterFormView(CaseFormView):
    """A form of the perpetrator side: everyone else is refused (403) before anything is read."""

    def get_form(self, data: Any = None) -> Any:
        if not services.may_write(self.access):
            raise PermissionDenied("Only the perpetrator side records his programme.")
        return self.make_form(data)

    def make_form(self, data: Any) -> Any:
        raise NotImplementedError

    def success_url(self) -> str:
        return reverse("programme:page", args=[self.access.case.pk])


@case_roles
class RecordStatusView(_WriterFormView):
    title = _("Record his programme status")
    intro = _(
        "A suspension, a drop-out or an expulsion alerts the victim side at once: the partner "
        "contact informs her and her safety plan is reviewed. The reason stays on your side."
    )
    submit_label = _("Record the status")
    success_message = _("The status was recorded.")

    def make_form(self, data: Any) -> StatusForm:
        return StatusForm(data)

    def save(self, form: StatusForm) -> None:
        services.record_status(actor=self.request.user, access=self.access, **form.cleaned_data)


@case_roles
class AddSessionView(_WriterFormView):
    title = _("Record a session of his programme")
    submit_label = _("Record the session")
    success_message = _("The session was recorded.")

    def make_form(self, data: Any) -> SessionForm:
        return SessionForm(data)

    def save(self, form: SessionForm) -> None:
        services.record_session(actor=self.request.user, access=self.access, **form.cleaned_data)


@case_roles
class EditSessionView(_WriterFormView):
    title = _("Correct a session of his programme")
    submit_label = _("Save the session")
    success_message = _("The session was saved.")

    def make_form(self, data: Any) -> EditSessionForm:
        self.session = queries.session_for(self.access, self.kwargs["session_pk"])
        if self.session is None:
            raise Http404
        return EditSessionForm(data, initial=session_initial(self.session))

    def save(self, form: EditSessionForm) -> None:
        values = dict(form.cleaned_data)
        services.update_session(
            actor=self.request.user,
            access=self.access,
            session=self.session,
            expected_version=values.pop("version"),
            **values,
        )


def _programmes_of(request: HttpRequest) -> list[Organisation]:
    """The perpetrator programmes the signed-in person administers or coordinates."""
    return [
        m.organisation
        for m in request.user.active_memberships
        if m.role in (Role.ADMINISTRATOR, Role.COORDINATOR)
        and m.organisation.kind == OrganisationKind.PERPETRATOR_PROGRAMME
    ]


@for_roles(Role.ADMINISTRATOR, Role.COORDINATOR)
class ThresholdView(View):
    """A perpetrator programme's threshold of absences in a row that alert the victim side."""

    def get(self, request: HttpRequest) -> HttpResponse:
        programmes = _programmes_of(request)
        initial = {}
        if len(programmes) == 1:
            initial = {
                "organisation": programmes[0].pk,
                "absence_alert_threshold": programmes[0].absence_alert_threshold,
            }
        form = ThresholdForm(initial=initial, organisations=programmes)
        return self.render(request, form, programmes)

    def post(self, request: HttpRequest) -> HttpResponse:
        programmes = _programmes_of(request)
        form = ThresholdForm(request.POST, organisations=programmes)
        if not form.is_valid():
            return self.render(request, form, programmes, status=400)
        services.set_absence_threshold(
            actor=request.user,
            organisation=form.cleaned_data["organisation"],
            threshold=form.cleaned_data["absence_alert_threshold"],
        )
        messages.success(request, _("The threshold was saved."))
        return redirect("programme_settings:threshold")

    def render(
        self, request: HttpRequest, form: ThresholdForm, programmes: list[Organisation], status=200
    ) -> HttpResponse:
        context = {"form": form, "programmes": programmes}
        return render(request, "programme/threshold.html", context, status=status)
