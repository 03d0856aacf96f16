"""A meeting as a calendar event. It carries the type of meeting, the case code (or, for a
team meeting, the organising agency), the time and the venue or link: never a name of the
woman or the children, never the free-text title, nothing protected."""

from django.utils.translation import gettext as _

from asap.core.calendar import CalendarEvent
from asap.meetings import timeline
from asap.meetings.enums import MeetingMode
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


def calendar_event(meeting: Meeting) -> CalendarEvent:
    meeting_type = meeting_type_of(meeting)
    agenda = "\n".join(f"- {point}" for point in meeting_type.agenda_texts())
    return CalendarEvent(
        uid=f"asap-meeting-{meeting.pk}@asap-platform",
        start=meeting.starts_at,
        end=meeting.ends_at,
        summary=summary_of(meeting),
        description=f"{meeting_type.purpose_text()}\n\n{agenda}",
        location=place_of(meeting),
        url=meeting.link if meeting.mode == MeetingMode.ONLINE else "",
    )


def file_name_of(meeting: Meeting) -> str:
    where = meeting.case.code if meeting.case_id else "team"
    return f"meeting-{where}-{meeting.starts_at:%Y%m%d}.ics"
