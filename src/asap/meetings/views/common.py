"""What the case and team meeting screens share: labels, form initial values, and the
context of a meeting's page (and of its minutes PDF). A case meeting's invitations and
minutes are read through the reader's `access`; a team meeting's (no access) through its
organising agency."""

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from asap.meetings import ics, queries, timeline


def labelled(meetings: Iterable[Any]) -> list[Any]:
    """The meetings, each with `type_label` in the reader's language."""
    meetings = list(meetings)
    for meeting in meetings:
        meeting.type_label = ics.meeting_type_of(meeting).label()
    return meetings


def people_choices(members: Iterable[Any]) -> list[tuple[int, str]]:
    """(user id, "Name (Agency)") for case members."""
    return [(m.user_id, f"{m.user.get_full_name()} ({m.organisation.name})") for m in members]


def form_initial(meeting: Any, access: Any = None) -> dict[str, Any]:
    return {
        "title": meeting.title,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "mode": meeting.mode,
        "venue": meeting.venue,
        "link": meeting.link,
        "status": meeting.status,
        "steps_done": meeting.steps_done,
        "invitees": [user.pk for user in queries.invitees_of(meeting, access)],
        "version": meeting.version,
    }


def minutes_initial(minutes: Any, meeting: Any, access: Any = None) -> dict[str, Any]:
    """The minutes as written; new minutes start with the invitees as attending."""
    if minutes is None:
        invitees = queries.invitees_of(meeting, access)
        return {"version": 0, "attended": [user.pk for user in invitees]}
    return {
        "version": minutes.version,
        "attended": [user.pk for user in queries.attended_of(minutes)],
        "decisions": minutes.decisions,
    }


def detail_context(
    meeting: Any, *, agencies: dict[int, Any], access: Any = None, invitees: bool = True
) -> dict[str, Any]:
    """A meeting's page: its type with purpose and agenda, the steps checklist, who was
    invited (unless `invitees` is false: the minutes' PDF does not show them, nor reads
    them) and who attended (workers, with their agency), and the minutes."""
    meeting_type = ics.meeting_type_of(meeting)
    minutes = queries.minutes_of(meeting, access)
    steps = timeline.get(meeting.timeline_version).steps
    invited = queries.invitees_of(meeting, access) if invitees else []
    attended = queries.attended_of(minutes) if minutes else []
    attended_ids = {user.pk for user in attended}
    return {
        "meeting": meeting,
        "meeting_type": meeting_type,
        "summary": ics.summary_of(meeting),
        "place": ics.place_of(meeting),
        "steps": [(step, step.key in meeting.steps_done) for step in steps],
        "invitees": [(user, agencies.get(user.pk), user.pk in attended_ids) for user in invited],
        "minutes": minutes,
        "attended": [(user, agencies.get(user.pk)) for user in attended],
    }
