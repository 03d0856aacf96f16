"""iCalendar (.ics) files: one-off downloads and the files e-mailed with invitations. No feed
URLs that carry a token: a calendar file holds only what the person receiving it may read
(the caller decides what goes in).

An event keeps one UID for its whole life; its SEQUENCE rises with each change the people in
it are told about, so their calendar programs replace the old copy (METHOD:REQUEST) or take it
out (METHOD:CANCEL). Times are written in UTC; the text says the local time and its zone.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import MIMEPart
from email.utils import parseaddr

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from icalendar import Calendar, Event, vCalAddress

PUBLISH = "PUBLISH"  # a download: added to the reader's own calendar
REQUEST = "REQUEST"  # an invitation, or an update of one (a higher SEQUENCE)
CANCEL = "CANCEL"  # the event is cancelled, or the attendees are no longer in it

CONFIRMED = "CONFIRMED"
CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: datetime.datetime
    end: datetime.datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    sequence: int = 0
    status: str = CONFIRMED
    organizer: str = ""  # an e-mail address; the platform's own if empty
    attendees: Sequence[str] = ()  # e-mail addresses of the workers invited, nothing else


def platform_address() -> str:
    """The address the platform's e-mails come from (DEFAULT_FROM_EMAIL without its name)."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def when_text(start: datetime.datetime, end: datetime.datetime) -> str:
    """The local day and times with the zone, for a description: e.g.
    "4 May 2026 10:00-12:00 Europe/Brussels" (the day in the language's format)."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    zone = timezone.get_current_timezone_name()
    return f"{date_format(start, 'DATE_FORMAT')} {start:%H:%M}-{end:%H:%M} {zone}"


def _address(email: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    for name, value in params.items():
        address.params[name] = value
    return address


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def ics_bytes(events: list[CalendarEvent], method: str = PUBLISH) -> bytes:
    """The calendar file. A download (PUBLISH) names no attendees, as RFC 5546 asks; an
    invitation, an update or a cancellation names the workers it goes to."""
    calendar = Calendar()
    calendar.add("prodid", "-//ASAP Platform//asap//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", _utc(timezone.now()))
        event.add("dtstart", _utc(item.start))
        event.add("dtend", _utc(item.end))
        event.add("sequence", item.sequence)
        event.add("status", item.status)
        event.add("summary", item.summary)
        event.add("organizer", _address(item.organizer or platform_address()))
        if method != PUBLISH:
            for email in item.attendees:
                event.add(
                    "attendee",
                    _address(email, ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION"),
                )
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", item.url)
        calendar.add_component(event)
    return calendar.to_ical()


def ics_response(filename: str, events: list[CalendarEvent], method: str = PUBLISH) -> HttpResponse:
    response = HttpResponse(ics_bytes(events, method), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def ics_attachment(filename: str, content: bytes, method: str) -> MIMEPart:
    """The calendar file as an e-mail attachment whose content type names the method
    (text/calendar; method=REQUEST), which mail programs need to offer it as an invitation.
    Given as bytes so that its lines keep the CRLF endings iCalendar asks for."""
    part = MIMEPart()
    part.set_content(
        content,
        "text",
        "calendar",
        params={"charset": "utf-8", "method": method},
        disposition="attachment",
        filename=filename,
    )
    return part
