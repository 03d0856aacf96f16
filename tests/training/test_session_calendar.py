"""A training session's calendar file follows the session: one UID, a SEQUENCE that rises
when it moves or its event's place changes, times in UTC and the local times' zone in the
text. Read back by icalendar and vobject."""

import datetime

import icalendar
import pytest
import vobject
from django.urls import reverse

from asap.training import services

pytestmark = pytest.mark.django_db


def download(client, event, session) -> bytes:
    response = client.get(reverse("training:session_ics", args=[event.pk, session.pk]))
    assert response.status_code == 200
    return response.content


def test_a_moved_session_keeps_its_uid_and_its_file_says_so_with_a_higher_sequence(
    event, trainer, signed_in_client
):
    client = signed_in_client(trainer)
    session = event.sessions.first()
    first = download(client, event, session)
    moved = session.starts_at + datetime.timedelta(days=7)
    services.reschedule_session(actor=trainer, session=session, starts_at=moved)
    services.update_event(actor=trainer, event=event, link="https://meet.example.org/other")
    services.update_event(actor=trainer, event=event, trainers="C. Trainer")  # not in the file
    session.refresh_from_db()
    second = download(client, event, session)
    files = []
    for content in (first, second):
        calendar = icalendar.Calendar.from_ical(content)
        vevent = calendar.walk("VEVENT")[0]
        other = vobject.readOne(content.decode()).vevent
        assert (str(vevent["uid"]), int(vevent["sequence"])) == (
            other.uid.value,
            int(other.sequence.value),
        )
        assert vevent.decoded("dtstart") == other.dtstart.value
        assert other.dtstart.value.utcoffset() == datetime.timedelta(0)
        assert (str(calendar["method"]), str(vevent["status"])) == ("PUBLISH", "CONFIRMED")
        assert str(vevent["organizer"]) == f"mailto:{trainer.email}"
        files.append(vevent)
    assert files[0]["uid"] == files[1]["uid"]
    assert [int(f["sequence"]) for f in files] == [0, 2]
    # 14 September 2026, 09:00 in Brussels is 07:00 UTC; a week later for the moved one.
    assert [f.decoded("dtstart") for f in files] == [
        datetime.datetime(2026, 9, 14, 7, tzinfo=datetime.UTC),
        datetime.datetime(2026, 9, 21, 7, tzinfo=datetime.UTC),
    ]
    description = str(files[1]["description"])
    assert description.splitlines()[0].endswith(" 09:00-10:00 Europe/Brussels")
    assert "21 September 2026" in description.splitlines()[0]
    assert str(files[1]["location"]) == "https://meet.example.org/other"
