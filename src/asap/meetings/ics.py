"""A meeting as a calendar event. It carries the type of meeting, the case code (or, for a
team meeting, the organising agency), the time and the venue or link, and the e-mail
addresses of the organiser and of the workers invited: never a name of the woman or the
children, never the free-text title, nothing protected.

One UID per meeting for its whole life; its SEQUENCE is `Meeting.calendar_sequence`, which
rises with each change the invitees are told about. A cancelled meeting's file is a
METHOD:CANCEL with STATUS:CANCELLED, so calendar programs take it out.
"""

import dataclasses
from collections.abc import Sequence

from django.utils.translation import gettext as _

from asap.core import calendar
from asap.core.calendar import CalendarEvent
from asap.meetings import timeline
from asap.meetings.enums import MeetingMode, MeetingStatus
from asap.meetings.models import Meeting


def meeting_type_of(meeting: Meeting) -> timeline.MeetingType:
    """The meeting's type, in the timeline version it was scheduled with."""
    return timeline.get(meeting.timeline_version).type(meeting.type_key)


def summary_of(meeting: Meeting) -> str:
    """What an invitation and a calendar show, e.g. "Periodic review · case JC-7KQ4-M2XA"."""
    label = meeting_type_of(meeting).label()
    if meeting.case_id:
        return _("%(type)s · case %(code)s") % {"type": label, "code": meeting.case.code}
    return _("%(type)s · %(organisation)s") % {
        "type": label,
        "organisation": meeting.organisation.name,
    }


def place_of(meeting: Meeting) -> str:
    return meeting.link if meeting.mode == MeetingMode.ONLINE else meeting.venue


def uid_of(meeting: Meeting) -> str:
    return f"asap-meeting-{meeting.pk}@asap-platform"


def organizer_of(meeting: Meeting) -> str:
    """The worker who scheduled the meeting, or the platform's address if they are gone."""
    user = meeting.created_by
    return user.email if user is not None and user.is_active and user.email else ""


def is_cancelled(meeting: Meeting) -> bool:
    return meeting.status == MeetingStatus.CANCELLED


def calendar_event(meeting: Meeting, attendees: Sequence[str] = ()) -> CalendarEvent:
    """The event; `attendees` are the e-mail addresses of the workers invited."""
    meeting_type = meeting_type_of(meeting)
    agenda = "\n".join(f"- {point}" for point in meeting_type.agenda_texts())
    when = calendar.when_text(meeting.starts_at, meeting.ends_at)
    return CalendarEvent(
        uid=uid_of(meeting),
        start=meeting.starts_at,
        end=meeting.ends_at,
        summary=summary_of(meeting),
        description=f"{when}\n\n{meeting_type.purpose_text()}\n\n{agenda}",
        location=place_of(meeting),
        url=meeting.link if meeting.mode == MeetingMode.ONLINE else "",
        sequence=meeting.calendar_sequence,
        status=calendar.CANCELLED if is_cancelled(meeting) else calendar.CONFIRMED,
        organizer=organizer_of(meeting),
        attendees=tuple(attendees),
    )


def invitation_method(meeting: Meeting) -> str:
    """What an e-mailed file asks of the calendar: add or update it, or take it out."""
    return calendar.CANCEL if is_cancelled(meeting) else calendar.REQUEST


def download_method(meeting: Meeting) -> str:
    """What a downloaded file asks: add it to one's own calendar, or take it out."""
    return calendar.CANCEL if is_cancelled(meeting) else calendar.PUBLISH


def calendar_file(
    meeting: Meeting, method: str, attendees: Sequence[str] = (), *, place: bool = True
) -> bytes:
    """The calendar file; without the venue or link (`place` False) for a worker taken off
    the invitation list, whose calendar needs the UID only to take it out."""
    event = calendar_event(meeting, attendees)
    if not place:
        event = dataclasses.replace(event, location="", url="")
    return calendar.ics_bytes([event], method)


def file_name_of(meeting: Meeting) -> str:
    where = meeting.case.code if meeting.case_id else "team"
    return f"meeting-{where}-{meeting.starts_at:%Y%m%d}.ics"
