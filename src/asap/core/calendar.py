"""One-off iCalendar (.ics) downloads. No feed URLs that carry a token: a calendar file holds
only what the person downloading it may read (the caller decides what goes in)."""

import datetime
from dataclasses import dataclass

from django.http import HttpResponse
from icalendar import Calendar, Event


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: datetime.datetime
    end: datetime.datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""


def ics_bytes(events: list[CalendarEvent]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//ASAP Platform//asap//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", datetime.datetime.now(tz=datetime.UTC))
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", item.url)
        calendar.add_component(event)
    return calendar.to_ical()


def ics_response(filename: str, events: list[CalendarEvent]) -> HttpResponse:
    response = HttpResponse(ics_bytes(events), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
