"""Remote sessions (Module 4, counselling and cooperation at a distance): the list, recording
a session with its safety check, and reading one."""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from asap.attachments import case_page as attachments_on
from asap.cases.views.base import CaseFormView, CaseView, case_roles
from asap.episodes import queries, services
from asap.episodes.enums import WITH_WHOM_FOR_SIDE
from asap.episodes.forms import RemoteSessionForm

PAGE_SIZE = 25


@case_roles
class SessionListView(CaseView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        page = Paginator(queries.sessions_for(self.access), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context = {"case": self.access.case, "access": self.access, "page": page}
        return render(request, "episodes/session_list.html", context)


@case_roles
class AddSessionView(CaseFormView):
    template_name = "episodes/session_form.html"
    title = _("Record a remote session")
    intro = _(
        "Before the session starts: make sure the person is alone and safe to talk, that the "
        "device is safe, and agree a signal to end the call. A session without this check is "
        "recorded as not held or stopped, with the reason."
    )
    submit_label = _("Record the session")
    success_message = _("The session was recorded.")

    def get_form(self, data: Any = None) -> RemoteSessionForm:
        return RemoteSessionForm(data, with_whom=WITH_WHOM_FOR_SIDE[self.access.side])

    def save(self, form: RemoteSessionForm) -> None:
        self.session = services.record_remote_session(
            actor=self.request.user, access=self.access, **form.cleaned_data
        )

    def success_url(self) -> str:
        return reverse("episodes:session", args=[self.access.case.pk, self.session.pk])


@case_roles
class SessionDetailView(CaseView):
    def get(self, request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
        session = queries.session_for(self.access, session_pk)
        context = {
            "case": self.access.case,
            "access": self.access,
            "session": session,
            "attached": attachments_on.on_record(self.access, session.entry),
        }
        return render(request, "episodes/session_detail.html", context)
