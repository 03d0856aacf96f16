"""Meetings of a case: the list (upcoming, past, proposed, and what the timeline suggests),
scheduling and changing a meeting, its page, its calendar file, its minutes and their PDF.

Every member reads the case's meetings (they are joint), through `visible_to(access)`; the
actions decided at a meeting follow the plan's policy (her joint actions reach the other sides
only under her consent, and the page says when some are withheld). A coordinator who is not a
member and anyone unrelated are refused by the door.
"""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asap.cases.enums import Compartment
from asap.cases.views.base import CaseFormView, CaseView, case_roles
from asap.core import rendered
from asap.core.calendar import ics_response
from asap.core.pdf import pdf_response
from asap.meetings import ics, queries, services, timeline
from asap.meetings.enums import MeetingMode
from asap.meetings.forms import EditMeetingForm, MeetingForm, MinutesForm
from asap.meetings.views.common import (
    detail_context,
    form_initial,
    labelled,
    minutes_initial,
    people_choices,
)
from asap.plans import queries as plans
from asap.plans.enums import PENDING

PAST_PAGE_SIZE = 20
REVIEWED_ACTIONS = 30


def _case_people(view: CaseView) -> tuple[list[tuple[int, str]], dict[int, Any]]:
    members = list(queries.invitable_members(view.access))
    return people_choices(members), {m.user_id: m.user for m in members}


@case_roles
class MeetingsView(CaseView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        now, today = timezone.now(), timezone.localdate()
        meetings = queries.meetings_for(self.access)
        page = Paginator(queries.past(meetings, now), PAST_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context = {
            "case": self.access.case,
            "access": self.access,
            "upcoming": labelled(queries.upcoming(meetings, now)),
            "page": page,
            "past": labelled(page.object_list),
            "proposals": queries.proposals_for(self.access),
            "suggestions": queries.suggestions_for(self.access, today),
            "today": today,
        }
        return render(request, "meetings/list.html", context)


class MeetingFormView(CaseFormView):
    """A form on a meeting: a rule of the plans (a reminded worker who cannot read the
    action) comes back next to the form, with the input kept."""

    template_name = "meetings/form.html"

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        try:
            return super().post(request, **kwargs)
        except ValidationError as refusal:
            form = self.get_form(request.POST)
            form.is_valid()
            for message in refusal.messages:
                form.add_error(None, message)
            return self.render(form, status=400)


@case_roles
class ScheduleView(MeetingFormView):
    title = _("Schedule a meeting")
    submit_label = _("Schedule the meeting")
    success_message = _("The meeting is scheduled; the invitations are on their way.")

    def get_form(self, data: Any = None) -> MeetingForm:
        current = timeline.current()
        types = current.types_for("case")
        people, self.users = _case_people(self)
        return MeetingForm(
            data,
            types=types,
            steps=current.steps,
            people=people,
            access=self.access,
            initial=_requested(self.request, types),
        )

    def save(self, form: MeetingForm) -> None:
        self.meeting = services.schedule_meeting(
            actor=self.request.user,
            access=self.access,
            type_key=form.cleaned_data["type_key"],
            invitees=[self.users[pk] for pk in form.cleaned_data["invitees"]],
            steps_done=form.cleaned_data["steps_done"],
            **form.values(),
        )

    def success_url(self) -> str:
        return reverse("meetings:detail", args=[self.access.case.pk, self.meeting.pk])

    def context(self) -> dict[str, Any]:
        return {"timeline": timeline.current(), "level": "case"}


def _requested(request: HttpRequest, types: list[timeline.MeetingType]) -> dict[str, Any]:
    """The type and day asked for by a suggestion or a proposal ("Schedule" buttons)."""
    initial: dict[str, Any] = {"mode": MeetingMode.IN_PERSON}
    requested = request.GET.get("type", "")
    chosen = next((t for t in types if t.key == requested), None)
    if chosen is not None:
        initial.update(type_key=chosen.key, title=chosen.label())
    try:
        day = datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return initial
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    initial.update(starts_at=start, ends_at=start + datetime.timedelta(minutes=90))
    return initial


@case_roles
class EditView(MeetingFormView):
    title = _("Change the meeting")
    success_message = _("The meeting was saved.")

    def get_form(self, data: Any = None) -> EditMeetingForm:
        self.meeting = queries.meeting_for(self.access, self.kwargs["meeting_pk"])
        current = timeline.get(self.meeting.timeline_version)
        people, self.users = _case_people(self)
        return EditMeetingForm(
            data,
            types=[],
            steps=current.steps,
            people=people,
            access=self.access,
            initial=form_initial(self.meeting, self.access),
        )

    def save(self, form: EditMeetingForm) -> None:
        services.update_meeting(
            actor=self.request.user,
            access=self.access,
            meeting=self.meeting,
            expected_version=form.cleaned_data["version"],
            invitable=list(self.users.values()),
            invitees=[self.users[pk] for pk in form.cleaned_data["invitees"]],
            status=form.cleaned_data["status"],
            steps_done=form.cleaned_data["steps_done"],
            **form.values(),
        )

    def success_url(self) -> str:
        return reverse("meetings:detail", args=[self.access.case.pk, self.meeting.pk])

    def context(self) -> dict[str, Any]:
        return {"meeting": self.meeting, "level": "case"}


@case_roles
class MeetingView(CaseView):
    def get(self, request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
        meeting = queries.meeting_for(self.access, meeting_pk)
        members = {m.user_id: m for m in queries.invitable_members(self.access)}
        agencies = {k: m.organisation for k, m in members.items()}
        context = {
            **detail_context(meeting, agencies=agencies, access=self.access),
            "case": self.access.case,
            "access": self.access,
            "actions": plans.actions_for(self.access)
            .filter(meeting_id=meeting.pk, compartment=Compartment.JOINT)
            .order_by("term", "pk")[:REVIEWED_ACTIONS],
            "withheld": queries.withheld_actions(self.access, meeting),
            "urls": _urls(pk, meeting_pk),
            "may_manage": True,  # every member of the case
        }
        return render(request, "meetings/detail.html", context)


def _urls(pk: int, meeting_pk: int) -> dict[str, str]:
    args = [pk, meeting_pk]
    return {
        "back": reverse("meetings:list", args=[pk]),
        "edit": reverse("meetings:edit", args=args),
        "ics": reverse("meetings:ics", args=args),
        "minutes": reverse("meetings:minutes", args=args),
        "pdf": reverse("meetings:minutes_pdf", args=args),
    }


@case_roles
class IcsView(CaseView):
    """The calendar file of one meeting: type, case code, time, venue or link."""

    def get(self, request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
        meeting = queries.meeting_for(self.access, meeting_pk)
        attendees = [user.email for user in queries.invitees_of(meeting, self.access)]
        event = ics.calendar_event(meeting, attendees)
        return ics_response(ics.file_name_of(meeting), [event], ics.download_method(meeting))


@case_roles
class MinutesView(MeetingFormView):
    template_name = "meetings/minutes_form.html"
    title = _("Minutes")
    submit_label = _("Save the minutes")
    success_message = _("The minutes were saved; the actions are in the joint action plan.")

    def get_form(self, data: Any = None) -> forms.Form:
        self.meeting = queries.meeting_for(self.access, self.kwargs["meeting_pk"])
        self.minutes = queries.minutes_of(self.meeting, self.access)
        people, self.users = _case_people(self)
        self.actions = list(
            plans.actions_for(self.access).filter(
                compartment=Compartment.JOINT, status__in=PENDING
            )[:REVIEWED_ACTIONS]
        )
        return MinutesForm(
            data,
            people=people,
            responsible_people=people,
            actions=self.actions,
            access=self.access,
            initial=minutes_initial(self.minutes, self.meeting, self.access),
        )

    def save(self, form: MinutesForm) -> None:
        users = self.users
        new_actions = [
            services.NewAction(**row | {"responsible_user": users.get(row["responsible_user"])})
            for row in form.new_actions()
        ]
        services.write_minutes(
            actor=self.request.user,
            access=self.access,
            meeting=self.meeting,
            expected_version=form.cleaned_data["version"],
            attended=[self.users[pk] for pk in form.cleaned_data["attended"]],
            decisions=form.cleaned_data["decisions"],
            invitable=list(self.users.values()),
            new_actions=new_actions,
            action_updates=[
                services.ActionUpdate(item, status, version)
                for item, status, version in form.status_changes()
            ],
        )

    def success_url(self) -> str:
        return reverse("meetings:detail", args=[self.access.case.pk, self.meeting.pk])

    def context(self) -> dict[str, Any]:
        return {
            "meeting": self.meeting,
            "meeting_type": ics.meeting_type_of(self.meeting),
            "back_url": self.success_url(),
        }


@case_roles
class MinutesPdfView(CaseView):
    """The minutes as a PDF: the joint content every member reads, nothing more."""

    def get(self, request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
        meeting = queries.meeting_for(self.access, meeting_pk)
        members = {m.user_id: m for m in queries.invitable_members(self.access)}
        agencies = {k: m.organisation for k, m in members.items()}
        context = detail_context(meeting, agencies=agencies, access=self.access, invitees=False)
        if context["minutes"] is None:
            raise Http404
        context |= {
            "case": self.access.case,
            "actions": plans.actions_for(self.access)
            .filter(meeting_id=meeting.pk, compartment=Compartment.JOINT)
            .order_by("term", "pk")[:REVIEWED_ACTIONS],
            "withheld": queries.withheld_actions(self.access, meeting),
        }
        pdf = rendered.pdf_for(
            self.access,
            kind="minutes",
            object_id=meeting.pk,
            template="meetings/minutes_pdf.html",
            context=context,
            request=request,
        )
        name = f"minutes-{self.access.case.code}-{meeting.starts_at:%Y%m%d}.pdf"
        return pdf_response(name, pdf)
