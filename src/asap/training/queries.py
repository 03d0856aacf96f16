"""Reads of the training programme: a trainer's events (their organisations' only), an
event's agenda, and who attended which module in full."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from asap.core.content import CURRICULUM, content_text
from asap.core.roles import Role
from asap.training.enums import EventFormat
from asap.training.models import (
    Attendance,
    Certificate,
    Participant,
    Response,
    Session,
    TrainingEvent,
)
from asap.training.timing import Slot, slots


def events_for(user: Any) -> QuerySet[TrainingEvent]:
    """The events of the organisations where `user` is a trainer."""
    organisations = user.organisations_where(Role.TRAINER)
    return TrainingEvent.objects.filter(organisation__in=organisations).select_related(
        "organisation"
    )


def event_for(user: Any, pk: int) -> TrainingEvent:
    """One of the user's organisations' events, or 404 (another organisation's looks absent)."""
    event = events_for(user).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def session_for(event: TrainingEvent, pk: int) -> Session:
    session = event.sessions.filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def participant_for(event: TrainingEvent, pk: int) -> Participant:
    participant = event.participants.filter(pk=pk).first()
    if participant is None:
        raise Http404
    return participant


def event_by_registration_token(token: str) -> TrainingEvent:
    event = TrainingEvent.objects.filter(registration_token=token).first()
    if event is None or not token:
        raise Http404
    return event


def participant_by_token(token: str) -> Participant:
    participant = Participant.objects.select_related("event").filter(token=token).first()
    if participant is None or not token:
        raise Http404
    return participant


def certificate_by_code(code: str) -> Certificate | None:
    code = code.strip().upper()
    return Certificate.objects.filter(code=code).first() if code else None


def module_data(event: TrainingEvent, key: str) -> dict[str, Any]:
    for module in event.modules:
        if module["key"] == key:
            return module
    raise Http404


def module_title(event: TrainingEvent, key: str) -> str:
    module = module_data(event, key)
    return f"{module['number']}. {content_text(module['title'], CURRICULUM)}"


def topic_minutes(event: TrainingEvent, key: str) -> list[int]:
    """Each topic's minutes in the event's format."""
    field = "online_minutes" if event.format == EventFormat.ONLINE else "minutes"
    return [int(topic[field]) for topic in module_data(event, key)["topics"]]


def session_minutes(event: TrainingEvent, key: str) -> int:
    return sum(topic_minutes(event, key))


@dataclass(frozen=True)
class AgendaItem:
    session: Session
    module: dict[str, Any]
    slots: list[Slot]

    @property
    def ends_at(self) -> datetime.datetime:
        return self.slots[-1].ends if self.slots else self.session.starts_at

    @property
    def minutes(self) -> int:
        return sum(slot.minutes for slot in self.slots)


def agenda(event: TrainingEvent) -> list[AgendaItem]:
    """The event's sessions in time order, each with its topics' start and end times."""
    items = []
    for session in event.sessions.all():
        module = module_data(event, session.module_key)
        titles = [(t["title"], t["method"]) for t in module["topics"]]
        items.append(
            AgendaItem(
                session,
                module,
                slots(session.starts_at, titles, topic_minutes(event, session.module_key)),
            )
        )
    return items


def attendance_of(event: TrainingEvent) -> set[tuple[int, int]]:
    """(participant id, session id) for every attendance at the event."""
    return set(
        Attendance.objects.filter(session__event=event).values_list("participant_id", "session_id")
    )


def responses_of(event: TrainingEvent) -> QuerySet[Response]:
    """Every questionnaire answer of the event's participants."""
    return Response.objects.filter(participant__event=event)


def modules_in_full(event: TrainingEvent) -> dict[int, list[str]]:
    """participant id → the module keys (in the event's order) of which they attended every
    session."""
    sessions_of: dict[str, set[int]] = defaultdict(set)
    for session in event.sessions.all():
        sessions_of[session.module_key].add(session.pk)
    attended: dict[int, set[int]] = defaultdict(set)
    for participant_id, session_id in attendance_of(event):
        attended[participant_id].add(session_id)
    order = [m["key"] for m in event.modules]
    return {
        participant_id: [k for k in order if sessions_of.get(k) and sessions_of[k] <= seen]
        for participant_id, seen in attended.items()
    }
