"""A trainer's events: the list, creating and changing one, its sessions, adapting a module
for it, its agenda (HTML and PDF) and a calendar file per session."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.core.calendar import CalendarEvent, ics_response, when_text
from asap.core.pdf import pdf_response, render_pdf
from asap.core.permissions import acting_organisation, signed_in
from asap.core.roles import Role
from asap.training import curriculum, queries, services
from asap.training.enums import EventFormat
from asap.training.forms import (
    EVENT_FIELDS,
    AdaptModuleForm,
    EventDetailsForm,
    EventForm,
    SessionForm,
)
from asap.training.views.common import render_form, trainers


@trainers
class EventsView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        events = queries.events_for(request.user).prefetch_related("sessions")
        return render(request, "training/events.html", {"events": events})


# The reference curriculum is the programme's static text: every signed-in worker reads it
# (the "What the protocol says" panel on each protocol tool's page links to its modules).
@signed_in
class CurriculumView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "training/curriculum.html", {"curriculum": curriculum.reference()})


@trainers
class EventCreateView(View):
    title = _("New training event")

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.show(EventForm(initial={"language": request.LANGUAGE_CODE}))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = EventForm(request.POST)
        if not form.is_valid():
            return self.show(form, status=400)
        event = services.create_event(
            actor=request.user,
            organisation=acting_organisation(request, Role.TRAINER),
            module_keys=form.module_keys(),
            starts_at=form.cleaned_data["starts_at"],
            **form.details(),
        )
        messages.success(request, _("The event was created."))
        return redirect("training:event", pk=event.pk)

    def show(self, form: EventForm, status: int = 200) -> HttpResponse:
        acting_organisation(self.request, Role.TRAINER)
        return render_form(
            self.request,
            form,
            title=self.title,
            back_url=reverse("training:events"),
            submit_label=_("Create the event"),
            status=status,
        )


@trainers
class EventView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = queries.event_for(request.user, pk)
        participants = list(event.participants.select_related("certificate"))
        full = queries.modules_in_full(event)
        context = {
            "event": event,
            "agenda": queries.agenda(event),
            "participants": [(p, full.get(p.pk, [])) for p in participants],
            "room_left": None
            if event.capacity is None
            else max(event.capacity - len(participants), 0),
            "registration_url": request.build_absolute_uri(
                reverse("training:register", args=[event.registration_token])
            ),
        }
        return render(request, "training/event.html", context)


@trainers
class EventEditView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = queries.event_for(request.user, pk)
        initial = {name: getattr(event, name) for name in EVENT_FIELDS}
        return self.show(event, EventDetailsForm(initial=initial))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = queries.event_for(request.user, pk)
        form = EventDetailsForm(request.POST)
        if not form.is_valid():
            return self.show(event, form, status=400)
        services.update_event(actor=request.user, event=event, **form.details())
        messages.success(request, _("The event was saved."))
        return redirect("training:event", pk=event.pk)

    def show(self, event: Any, form: EventDetailsForm, status: int = 200) -> HttpResponse:
        return render_form(
            self.request,
            form,
            title=_("Change the event"),
            back_url=reverse("training:event", args=[event.pk]),
            status=status,
        )


@trainers
class SessionEditView(View):
    def get(self, request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
        event = queries.event_for(request.user, pk)
        session = queries.session_for(event, session_pk)
        return self.show(event, session, SessionForm(initial={"starts_at": session.starts_at}))

    def post(self, request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
        event = queries.event_for(request.user, pk)
        session = queries.session_for(event, session_pk)
        form = SessionForm(request.POST)
        if not form.is_valid():
            return self.show(event, session, form, status=400)
        services.reschedule_session(
            actor=request.user, session=session, starts_at=form.cleaned_data["starts_at"]
        )
        messages.success(request, _("The session was moved."))
        return redirect("training:event", pk=event.pk)

    def show(self, event: Any, session: Any, form: SessionForm, status: int = 200) -> HttpResponse:
        title = queries.module_title(event, session.module_key)
        return render_form(
            self.request,
            form,
            title=_("When is the session of %(module)s?") % {"module": title},
            back_url=reverse("training:event", args=[event.pk]),
            status=status,
        )


@trainers
class AdaptModuleView(View):
    def get(self, request: HttpRequest, pk: int, module: str) -> HttpResponse:
        event = queries.event_for(request.user, pk)
        form = AdaptModuleForm(module=queries.module_data(event, module))
        return self.show(event, form)

    def post(self, request: HttpRequest, pk: int, module: str) -> HttpResponse:
        event = queries.event_for(request.user, pk)
        form = AdaptModuleForm(request.POST, module=queries.module_data(event, module))
        if not form.is_valid():
            return self.show(event, form, status=400)
        try:
            services.adapt_module(
                actor=request.user, event=event, module_key=module, topics=form.topics()
            )
        except ValueError as error:
            form.add_error(None, str(error))
            return self.show(event, form, status=400)
        messages.success(request, _("The event's copy of the module was saved."))
        return redirect("training:event", pk=event.pk)

    def show(self, event: Any, form: AdaptModuleForm, status: int = 200) -> HttpResponse:
        module = form.module
        return render_form(
            self.request,
            form,
            title=_("Adapt module %(number)s for this event") % {"number": module["number"]},
            back_url=reverse("training:event", args=[event.pk]),
            status=status,
            template="training/adapt.html",
            module=module,
        )


def _agenda_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    event = queries.event_for(request.user, pk)
    return {"event": event, "agenda": queries.agenda(event)}


@trainers
class AgendaView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, "training/agenda.html", _agenda_context(request, pk))


@trainers
class AgendaPdfView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        context = _agenda_context(request, pk)
        pdf = render_pdf("training/agenda_pdf.html", context, request)
        return pdf_response(f"agenda-{context['event'].pk}.pdf", pdf)


@trainers
class SessionIcsView(View):
    def get(self, request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
        event = queries.event_for(request.user, pk)
        item = {i.session.pk: i for i in queries.agenda(event)}.get(session_pk)
        if item is None:
            raise Http404
        online = event.format == EventFormat.ONLINE
        # The topics' local times, under a first line that names their time zone.
        topics = "\n".join(
            f"{localtime(slot.starts):%H:%M}-{localtime(slot.ends):%H:%M} {slot.title}"
            for slot in item.slots
        )
        organizer = event.created_by
        calendar_event = CalendarEvent(
            uid=f"asap-training-session-{item.session.pk}@asap-platform",
            start=item.session.starts_at,
            end=item.ends_at,
            summary=f"{event.title} · {queries.module_title(event, item.session.module_key)}",
            description=f"{when_text(item.session.starts_at, item.ends_at)}\n\n{topics}",
            location=event.link if online else event.venue,
            url=event.link if online else "",
            sequence=item.session.calendar_sequence,
            organizer=organizer.email if organizer and organizer.is_active else "",
        )
        return ics_response(f"training-session-{item.session.pk}.ics", [calendar_event])
