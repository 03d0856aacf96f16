"""Training events, participants, attendance, and certificate verification.

Training holds no case data. The access is the training pages': the events pages are a
trainer's (any other role gets 403), each over the events of the organisations where the
token's account is a trainer (another organisation's event is 404); certificate verification
is public on the pages, so any token may verify a code and gets what the verify page shows.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from asap.api.pagination import PageMeta, page_of
from asap.api.writes import Problem
from asap.core.roles import Role
from asap.training import queries, services
from asap.training.enums import EventFormat
from asap.training.models import TrainingEvent

router = Router()


def _trainer(request: HttpRequest) -> None:
    """The training pages' door (`for_roles(Role.TRAINER)`): 403 for any other role."""
    if not request.user.has_any_role([Role.TRAINER]):  # type: ignore[union-attr]
        raise PermissionDenied


def _event(request: HttpRequest, event_id: int) -> TrainingEvent:
    _trainer(request)
    return queries.event_for(request.user, event_id)


class EventOut(Schema):
    id: int
    title: str
    level: str
    format: str
    first_session: datetime | None
    sessions: int


class EventList(Schema):
    meta: PageMeta
    items: list[EventOut]


class SessionOut(Schema):
    id: int
    module_key: str
    module_title: str
    starts_at: datetime
    ends_at: datetime
    minutes: int


class EventDetail(Schema):
    id: int
    title: str
    level: str
    format: str
    language: str
    venue: str
    link: str
    trainers: str
    capacity: int | None
    room_left: int | None
    registration_open: bool
    registration_url: str
    sessions: list[SessionOut]


class ParticipantOut(Schema):
    id: int
    name: str
    profile: str
    agency_kind: str
    country: str
    modules_in_full: list[str]
    certificate_code: str | None


class ParticipantList(Schema):
    meta: PageMeta
    items: list[ParticipantOut]


class AttendanceSession(Schema):
    id: int
    module_key: str
    module_title: str
    starts_at: datetime


class AttendanceRow(Schema):
    participant_id: int
    name: str
    sessions_attended: list[int]


class AttendanceOut(Schema):
    sessions: list[AttendanceSession]
    meta: PageMeta
    items: list[AttendanceRow]


class Presence(Schema):
    participant_id: int
    session_id: int


class AttendanceIn(Schema):
    present: list[Presence]


class CertificateOut(Schema):
    code: str
    name: str
    modules: list[str]
    event_title: str
    event_date: date


@router.get("/training/events", response=EventList, url_name="training_event_list")
def event_list(request: HttpRequest, page: int = 1) -> EventList:
    """The events of the organisations where the token's account is a trainer (as the events
    page lists them), newest first, 50 per page; 403 for any other role."""
    _trainer(request)
    events, meta = page_of(queries.events_for(request.user).prefetch_related("sessions"), page)
    items = []
    for event in events:
        sessions = list(event.sessions.all())
        items.append(
            EventOut(
                id=event.pk,
                title=event.title,
                level=event.level,
                format=event.format,
                first_session=sessions[0].starts_at if sessions else None,
                sessions=len(sessions),
            )
        )
    return EventList(meta=meta, items=items)


@router.get("/training/events/{event_id}", response=EventDetail, url_name="training_event")
def event_detail(request: HttpRequest, event_id: int) -> EventDetail:
    """One event as its page shows it: details, registration link and sessions (agenda)."""
    event = _event(request, event_id)
    online = event.format == EventFormat.ONLINE
    count = event.participants.count()
    sessions = [
        SessionOut(
            id=item.session.pk,
            module_key=item.session.module_key,
            module_title=queries.module_title(event, item.session.module_key),
            starts_at=item.session.starts_at,
            ends_at=item.ends_at,
            minutes=item.minutes,
        )
        for item in queries.agenda(event)
    ]
    return EventDetail(
        id=event.pk,
        title=event.title,
        level=event.level,
        format=event.format,
        language=event.language,
        venue="" if online else event.venue,
        link=event.link if online else "",
        trainers=event.trainers,
        capacity=event.capacity,
        room_left=None if event.capacity is None else max(event.capacity - count, 0),
        registration_open=event.registration_open,
        registration_url=request.build_absolute_uri(
            reverse("training:register", args=[event.registration_token])
        ),
        sessions=sessions,
    )


@router.get(
    "/training/events/{event_id}/participants",
    response=ParticipantList,
    url_name="training_participant_list",
)
def participant_list(request: HttpRequest, event_id: int, page: int = 1) -> ParticipantList:
    """The event's participants as its page lists them (no e-mail address), with the modules
    each attended in full and their certificate's code, 50 per page."""
    event = _event(request, event_id)
    participants, meta = page_of(event.participants.select_related("certificate"), page)
    full = queries.modules_in_full(event)
    items = []
    for participant in participants:
        certificate = getattr(participant, "certificate", None)
        items.append(
            ParticipantOut(
                id=participant.pk,
                name=participant.name,
                profile=participant.profile,
                agency_kind=participant.agency_kind,
                country=participant.country,
                modules_in_full=full.get(participant.pk, []),
                certificate_code=certificate.code if certificate else None,
            )
        )
    return ParticipantList(meta=meta, items=items)


def _attendance(event: TrainingEvent, page: int) -> AttendanceOut:
    present = queries.attendance_of(event)
    sessions = list(event.sessions.all())
    participants, meta = page_of(event.participants.all(), page)
    return AttendanceOut(
        sessions=[
            AttendanceSession(
                id=s.pk,
                module_key=s.module_key,
                module_title=queries.module_title(event, s.module_key),
                starts_at=s.starts_at,
            )
            for s in sessions
        ],
        meta=meta,
        items=[
            AttendanceRow(
                participant_id=p.pk,
                name=p.name,
                sessions_attended=[s.pk for s in sessions if (p.pk, s.pk) in present],
            )
            for p in participants
        ],
    )


@router.get(
    "/training/events/{event_id}/attendance",
    response=AttendanceOut,
    url_name="training_attendance",
)
def attendance(request: HttpRequest, event_id: int, page: int = 1) -> AttendanceOut:
    """The attendance grid: the event's sessions, and per participant (50 per page) the
    sessions they attended."""
    return _attendance(_event(request, event_id), page)


@router.put(
    "/training/events/{event_id}/attendance",
    response={200: AttendanceOut, 422: Problem},
    url_name="training_attendance_record",
)
def record_attendance(
    request: HttpRequest, event_id: int, body: AttendanceIn
) -> AttendanceOut | Status[Problem]:
    """Record who attended which session, as the attendance page does: `present` lists every
    (participant, session) pair present; every other pair of the event is absent. A pair
    that is not of this event is refused (422). Leaves the audit row
    `training.attendance.record`."""
    event = _event(request, event_id)
    participants = set(event.participants.values_list("pk", flat=True))
    sessions = set(event.sessions.values_list("pk", flat=True))
    wrong = [
        p
        for p in body.present
        if p.participant_id not in participants or p.session_id not in sessions
    ]
    if wrong:
        message = _("Participant %(participant)s or session %(session)s is not of this event.")
        return Status(
            422,
            Problem(
                detail={
                    "present": [
                        message % {"participant": p.participant_id, "session": p.session_id}
                        for p in wrong
                    ]
                }
            ),
        )
    present = {(p.participant_id, p.session_id) for p in body.present}
    with transaction.atomic():
        services.set_attendance(actor=request.user, event=event, present=present)
    return _attendance(event, 1)


@router.get("/certificates/{code}", response=CertificateOut, url_name="certificate_verify")
def certificate_verify(request: HttpRequest, code: str) -> CertificateOut:
    """Verify a certificate's code: what the public verify page shows (the name, the modules
    attended in full, the event and its date), or 404 for a code no certificate has."""
    certificate = queries.certificate_by_code(code)
    if certificate is None:
        raise Http404
    return CertificateOut(
        code=certificate.code,
        name=certificate.name,
        modules=list(certificate.modules),
        event_title=certificate.event_title,
        event_date=certificate.event_date,
    )
