"""Phase 1 team meetings (organisation level), for coordinators: the list, scheduling and
changing a meeting, its page, its calendar file, its minutes and their PDF.

The organising agency's coordinators manage a meeting; a coordinator of a partner agency who
is invited reads it.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.accounts.models import Organisation
from asap.cases.views.base import CONCURRENT_EDIT
from asap.core.calendar import ics_response
from asap.core.pdf import pdf_response, render_pdf
from asap.core.permissions import acting_organisation, for_roles
from asap.core.roles import Role
from asap.core.versioning import ConcurrentEditError
from asap.meetings import ics, queries, services, timeline
from asap.meetings.enums import MeetingMode
from asap.meetings.forms import EditMeetingForm, MeetingForm, MinutesForm
from asap.meetings.views.common import detail_context, form_initial, labelled, minutes_initial

PAGE_SIZE = 20
coordinators = for_roles(Role.COORDINATOR)


def _people(organisation: Organisation) -> tuple[list[tuple[int, str]], dict[int, Any]]:
    users = list(queries.team_invitees(organisation))
    agencies = queries.organisations_of(users)
    choices = [
        (u.pk, f"{u.get_full_name()} ({agencies[u.pk].name})" if u.pk in agencies else str(u))
        for u in users
    ]
    return choices, {u.pk: u for u in users}


@coordinators
class TeamMeetingsView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        now = timezone.now()
        meetings = queries.team_meetings_for(request.user)
        page = Paginator(queries.past(meetings, now), PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "organisation": acting_organisation(request, Role.COORDINATOR),
            "upcoming": labelled(queries.upcoming(meetings, now)),
            "page": page,
            "past": labelled(page.object_list),
            "team_type": timeline.current().types_for("organisation")[0],
        }
        return render(request, "meetings/team_list.html", context)


class TeamFormView(View):
    """GET shows the form; POST validates, calls one service and goes to the meeting. An
    error or a concurrent edit re-renders the form with the input kept."""

    title: Any = ""
    submit_label: Any = _("Save")
    success_message: Any = _("Saved.")
    template_name = "meetings/form.html"

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return self.render(self.get_form())

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            self.save(form)
        except ConcurrentEditError:
            form.add_error(None, CONCURRENT_EDIT)
            return self.render(form, status=409)
        messages.success(request, self.success_message)
        return redirect("team_meetings:detail", meeting_pk=self.meeting.pk)

    def get_form(self, data: Any = None) -> forms.Form:
        raise NotImplementedError

    def save(self, form: Any) -> None:
        raise NotImplementedError

    def managed_meeting(self) -> Any:
        meeting = queries.team_meeting_for(self.request.user, self.kwargs["meeting_pk"])
        if not queries.may_manage_team_meeting(self.request.user, meeting):
            raise PermissionDenied("Only the organising agency's coordinators change it.")
        return meeting

    def render(self, form: forms.Form, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "title": self.title,
            "submit_label": self.submit_label,
            "level": "organisation",
            "timeline": timeline.current(),
            "meeting": getattr(self, "meeting", None),
            "back_url": reverse("team_meetings:detail", args=[self.meeting.pk])
            if getattr(self, "meeting", None)
            else reverse("team_meetings:list"),
        }
        return render(self.request, self.template_name, context, status=status)


@coordinators
class TeamScheduleView(TeamFormView):
    title = _("Schedule a Phase 1 team meeting")
    submit_label = _("Schedule the meeting")
    success_message = _("The meeting is scheduled; the invitations are on their way.")

    def get_form(self, data: Any = None) -> MeetingForm:
        self.organisation = acting_organisation(self.request, Role.COORDINATOR)
        people, self.users = _people(self.organisation)
        team_type = timeline.current().types_for("organisation")[0]
        return MeetingForm(
            data,
            types=[team_type],
            steps=timeline.current().steps,
            people=people,
            initial={"mode": MeetingMode.IN_PERSON, "title": team_type.label()},
        )

    def save(self, form: MeetingForm) -> None:
        self.meeting = services.schedule_team_meeting(
            actor=self.request.user,
            organisation=self.organisation,
            invitable=self.users.values(),
            invitees=[self.users[pk] for pk in form.cleaned_data["invitees"]],
            steps_done=form.cleaned_data["steps_done"],
            **form.values(),
        )


@coordinators
class TeamEditView(TeamFormView):
    title = _("Change the team meeting")
    success_message = _("The meeting was saved.")

    def get_form(self, data: Any = None) -> EditMeetingForm:
        self.meeting = self.managed_meeting()
        people, self.users = _people(self.meeting.organisation)
        return EditMeetingForm(
            data,
            types=[],
            steps=timeline.get(self.meeting.timeline_version).steps,
            people=people,
            initial=form_initial(self.meeting),
        )

    def save(self, form: EditMeetingForm) -> None:
        services.update_meeting(
            actor=self.request.user,
            meeting=self.meeting,
            expected_version=form.cleaned_data["version"],
            invitable=list(self.users.values()),
            invitees=[self.users[pk] for pk in form.cleaned_data["invitees"]],
            status=form.cleaned_data["status"],
            steps_done=form.cleaned_data["steps_done"],
            **form.values(),
        )


@coordinators
class TeamMinutesView(TeamFormView):
    template_name = "meetings/minutes_form.html"
    title = _("Minutes")
    submit_label = _("Save the minutes")
    success_message = _("The minutes were saved.")

    def get_form(self, data: Any = None) -> MinutesForm:
        self.meeting = self.managed_meeting()
        people, self.users = _people(self.meeting.organisation)
        return MinutesForm(
            data,
            people=people,
            responsible_people=None,
            actions=[],
            initial=minutes_initial(queries.minutes_of(self.meeting), self.meeting),
        )

    def save(self, form: MinutesForm) -> None:
        services.write_minutes(
            actor=self.request.user,
            meeting=self.meeting,
            expected_version=form.cleaned_data["version"],
            attended=[self.users[pk] for pk in form.cleaned_data["attended"]],
            decisions=form.cleaned_data["decisions"],
            invitable=list(self.users.values()),
        )


def _team_context(request: HttpRequest, meeting_pk: int) -> dict[str, Any]:
    meeting = queries.team_meeting_for(request.user, meeting_pk)
    invitees = queries.invitees_of(meeting)
    minutes = queries.minutes_of(meeting)
    people = invitees + (queries.attended_of(minutes) if minutes else [])
    return {
        **detail_context(meeting, agencies=queries.organisations_of(people)),
        "may_manage": queries.may_manage_team_meeting(request.user, meeting),
    }


@coordinators
class TeamMeetingView(View):
    def get(self, request: HttpRequest, meeting_pk: int) -> HttpResponse:
        context = _team_context(request, meeting_pk)
        context["urls"] = {
            "back": reverse("team_meetings:list"),
            "edit": reverse("team_meetings:edit", args=[meeting_pk]),
            "ics": reverse("team_meetings:ics", args=[meeting_pk]),
            "minutes": reverse("team_meetings:minutes", args=[meeting_pk]),
            "pdf": reverse("team_meetings:minutes_pdf", args=[meeting_pk]),
        }
        return render(request, "meetings/detail.html", context)


@coordinators
class TeamIcsView(View):
    def get(self, request: HttpRequest, meeting_pk: int) -> HttpResponse:
        meeting = queries.team_meeting_for(request.user, meeting_pk)
        attendees = [user.email for user in queries.invitees_of(meeting)]
        event = ics.calendar_event(meeting, attendees)
        return ics_response(ics.file_name_of(meeting), [event], ics.download_method(meeting))


@coordinators
class TeamMinutesPdfView(View):
    def get(self, request: HttpRequest, meeting_pk: int) -> HttpResponse:
        context = _team_context(request, meeting_pk)
        if context["minutes"] is None:
            raise Http404
        meeting = context["meeting"]
        pdf = render_pdf("meetings/minutes_pdf.html", context, request)
        return pdf_response(f"minutes-team-{meeting.starts_at:%Y%m%d}.pdf", pdf)
