"""Every write of the training programme, each with its audit row in the same transaction.

A participant who answers through a personal link is not a platform user: such writes are
audited without an actor, under the event's organisation.
"""

import datetime
import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from asap.core.audit import record
from asap.training import curriculum, queries
from asap.training.enums import RegisteredBy, ResponseKind
from asap.training.models import (
    Attendance,
    Certificate,
    Participant,
    Response,
    Session,
    TrainingEvent,
)
from asap.training.timing import scaled_minutes

BREAK = datetime.timedelta(minutes=15)  # between two sessions scheduled one after the other
# What a session's calendar file says of its event: a change raises the file's SEQUENCE.
CALENDAR_FIELDS = ("title", "format", "venue", "link")
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: easy to read aloud


class EventFull(Exception):  # noqa: N818  (a refusal, not a failure)
    """The event has reached its capacity."""


def new_token() -> str:
    return secrets.token_urlsafe(24)


def new_certificate_code() -> str:
    """Sixteen characters (about 78 bits) in four groups, e.g. 7KQ4-M2XA-…"""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(chars[i : i + 4] for i in range(0, 16, 4))


def module_copy(module: curriculum.Module) -> dict[str, Any]:
    """An event's copy of a reference module, with the online timing (largest remainder)."""
    data = module.as_data()
    online = scaled_minutes([t.minutes for t in module.topics], module.minutes_online)
    for topic, minutes in zip(data["topics"], online, strict=True):
        topic["online_minutes"] = minutes
    return data


def _audit(actor: Any, action: str, obj: Any, organisation_id: int, fields: Iterable[str]) -> None:
    record(actor=actor, action=action, obj=obj, organisation_id=organisation_id, fields=fields)


def create_event(
    *,
    actor: Any,
    organisation: Any,
    module_keys: list[str],
    starts_at: datetime.datetime,
    **details: Any,
) -> TrainingEvent:
    """Create an event with its copy of the chosen modules and one session per module,
    one after the other from `starts_at` with a short break. Side effect: audit row."""
    reference = curriculum.reference()
    with transaction.atomic():
        event = TrainingEvent.objects.create(
            organisation=organisation,
            curriculum_key=reference.key,
            curriculum_version=reference.version,
            modules=[module_copy(reference.module(key)) for key in module_keys],
            registration_token=new_token(),
            created_by=actor,
            **details,
        )
        at = starts_at
        for key in module_keys:
            Session.objects.create(event=event, module_key=key, starts_at=at)
            at += datetime.timedelta(minutes=queries.session_minutes(event, key)) + BREAK
        _audit(actor, "training.event.create", event, organisation.pk, [*details, "modules"])
    return event


def update_event(*, actor: Any, event: TrainingEvent, **details: Any) -> None:
    """Change an event's details. Side effects: audit row; a change of what the sessions'
    calendar files say (title, format, venue, link) raises their SEQUENCE."""
    with transaction.atomic():
        changed = [name for name, value in details.items() if getattr(event, name) != value]
        for name, value in details.items():
            setattr(event, name, value)
        event.save(update_fields=list(details))
        if set(changed) & set(CALENDAR_FIELDS):
            event.sessions.update(calendar_sequence=F("calendar_sequence") + 1)
        _audit(actor, "training.event.update", event, event.organisation_id, details)


def reschedule_session(*, actor: Any, session: Session, starts_at: datetime.datetime) -> None:
    """Move a session. Side effects: audit row; its calendar file's SEQUENCE rises."""
    with transaction.atomic():
        if session.starts_at != starts_at:
            session.calendar_sequence += 1
        session.starts_at = starts_at
        session.save(update_fields=["starts_at", "calendar_sequence"])
        _audit(
            actor,
            "training.session.reschedule",
            session,
            session.event.organisation_id,
            ["starts_at"],
        )


def adapt_module(
    *, actor: Any, event: TrainingEvent, module_key: str, topics: list[dict[str, Any]]
) -> None:
    """Replace the event's copy of a module's topics (titles, texts and timings). The in-person
    minutes must add up to the module's length and the online minutes to the online length:
    else ValueError, its text saying what is wrong. Side effect: audit row. The reference
    curriculum is never changed."""
    modules = [dict(m) for m in event.modules]
    module = next(m for m in modules if m["key"] == module_key)
    problems = []
    for column, total, message in (
        (
            "minutes",
            module["minutes_in_person"],
            _("The minutes in person add up to %(sum)s; they must add up to %(total)s."),
        ),
        (
            "online_minutes",
            module["minutes_online"],
            _("The minutes online add up to %(sum)s; they must add up to %(total)s."),
        ),
    ):
        added = sum(t[column] for t in topics)
        if added != total:
            problems.append(message % {"sum": added, "total": total})
    if problems:
        raise ValueError(" ".join(problems))
    for old, new in zip(module["topics"], topics, strict=True):
        old.update(new)
    with transaction.atomic():
        event.modules = modules
        event.save(update_fields=["modules"])
        # The session's calendar file lists the topics with their times.
        event.sessions.filter(module_key=module_key).update(
            calendar_sequence=F("calendar_sequence") + 1
        )
        _audit(actor, "training.module.adapt", event, event.organisation_id, ["modules"])


def _check_room(event: TrainingEvent, adding: int) -> None:
    if event.capacity is not None and event.participants.count() + adding > event.capacity:
        raise EventFull


def register_participant(
    *, actor: Any, event: TrainingEvent, by: RegisteredBy, **person: Any
) -> Participant:
    """Register one participant (by the trainer, or themselves through the registration link:
    then `actor` is None). Raises EventFull. Side effect: audit row."""
    with transaction.atomic():
        TrainingEvent.objects.select_for_update().filter(pk=event.pk).first()
        _check_room(event, 1)
        participant = Participant.objects.create(
            event=event, token=new_token(), registered_by=by, **person
        )
        _audit(actor, "training.participant.register", participant, event.organisation_id, person)
    return participant


def import_participants(
    *, actor: Any, event: TrainingEvent, people: list[dict[str, Any]]
) -> list[Participant]:
    """Register every row of a checked import, all or nothing. Raises EventFull.
    Side effect: one audit row per participant."""
    with transaction.atomic():
        TrainingEvent.objects.select_for_update().filter(pk=event.pk).first()
        _check_room(event, len(people))
        created = []
        for person in people:
            participant = Participant.objects.create(
                event=event, token=new_token(), registered_by=RegisteredBy.IMPORT, **person
            )
            _audit(actor, "training.participant.import", participant, event.organisation_id, person)
            created.append(participant)
    return created


def set_attendance(*, actor: Any, event: TrainingEvent, present: set[tuple[int, int]]) -> None:
    """Record who attended which session: `present` holds (participant id, session id) pairs
    of this event; every other pair is absent. Side effect: audit row."""
    participants = set(event.participants.values_list("pk", flat=True))
    sessions = set(event.sessions.values_list("pk", flat=True))
    wanted = {(p, s) for p, s in present if p in participants and s in sessions}
    with transaction.atomic():
        rows = list(
            Attendance.objects.filter(session__event=event).values_list(
                "pk", "participant_id", "session_id"
            )
        )
        existing = {(p, s) for _pk, p, s in rows}
        gone = [pk for pk, p, s in rows if (p, s) not in wanted]
        if gone:
            Attendance.objects.filter(pk__in=gone).delete()  # one DELETE for every unticked pair
        Attendance.objects.bulk_create(
            Attendance(participant_id=p, session_id=s) for p, s in wanted - existing
        )
        _audit(actor, "training.attendance.record", event, event.organisation_id, ["attendance"])


def submit_response(
    *,
    participant: Participant,
    module_key: str,
    kind: ResponseKind,
    definition: Any,
    answers: dict[str, Any],
) -> Response:
    """Store a participant's answers (again: replaces them). Side effect: audit row."""
    with transaction.atomic():
        response, _created = Response.objects.update_or_create(
            participant=participant,
            module_key=module_key,
            kind=kind,
            defaults={
                "definition_key": definition.key,
                "definition_version": definition.version,
                "answers": answers,
            },
        )
        _audit(
            None, "training.response.submit", response, participant.event.organisation_id, answers
        )
    return response


def issue_certificates(*, actor: Any, event: TrainingEvent) -> int:
    """Issue (or bring up to date) the certificate of every participant who attended at least
    one module in full; a certificate keeps its code. A certificate of a participant who no
    longer attended any module in full is withdrawn (its code no longer verifies). Returns how
    many hold one now. Side effect: an audit row per certificate written or withdrawn."""
    last = max((s.starts_at for s in event.sessions.all()), default=timezone.now())
    count = 0
    with transaction.atomic():
        full = queries.modules_in_full(event)
        for participant in event.participants.select_related("certificate"):
            titles = [queries.module_title(event, key) for key in full.get(participant.pk, [])]
            certificate = getattr(participant, "certificate", None)
            if not titles:
                if certificate is not None:
                    _audit(
                        actor,
                        "training.certificate.withdraw",
                        certificate,
                        event.organisation_id,
                        ["modules"],
                    )
                    certificate.delete()
                continue
            details = {
                "name": participant.name,
                "modules": titles,
                "event_title": event.title,
                "event_date": timezone.localdate(last),
            }
            if certificate is None:
                certificate = Certificate.objects.create(
                    participant=participant, code=new_certificate_code(), **details
                )
            else:
                for name, value in details.items():
                    setattr(certificate, name, value)
                certificate.save(update_fields=[*details, "issued_at"])
            _audit(
                actor, "training.certificate.issue", certificate, event.organisation_id, ["modules"]
            )
            count += 1
    return count
