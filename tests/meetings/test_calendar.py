"""Calendar files that follow a meeting: the invitation, its update after the meeting moved
and its cancellation, read back by two independent readers (icalendar and vobject). One UID
throughout, a rising SEQUENCE, METHOD REQUEST / REQUEST / CANCEL, times in UTC, the workers'
addresses as attendees and none of the case's protected values."""

import datetime
from collections.abc import Callable
from typing import Any

import icalendar
import pytest
import vobject
from django.core import mail
from django.urls import reverse

from asap.cases import access
from asap.meetings import services
from tests.conftest import force_login_past_mfa
from tests.meetings.conftest import ADDRESS, WOMAN, at

pytestmark = pytest.mark.django_db

PERPETRATOR = "Rocco Vendramini (test)"


def utc(day: int, hour: int) -> datetime.datetime:
    return datetime.datetime(2026, 5, day, hour, tzinfo=datetime.UTC)


def read_with_icalendar(text: str) -> dict[str, Any]:
    calendar = icalendar.Calendar.from_ical(text)
    event = calendar.walk("VEVENT")[0]
    attendees = event.get("attendee", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    return {
        "method": str(calendar["method"]),
        "uid": str(event["uid"]),
        "sequence": int(event["sequence"]),
        "status": str(event["status"]),
        "start": event.decoded("dtstart"),
        "end": event.decoded("dtend"),
        "organizer": str(event["organizer"]),
        "attendees": sorted(str(a) for a in attendees),
        "description": str(event["description"]),
    }


def read_with_vobject(text: str) -> dict[str, Any]:
    calendar = vobject.readOne(text)
    event = calendar.vevent
    return {
        "method": calendar.method.value,
        "uid": event.uid.value,
        "sequence": int(event.sequence.value),
        "status": event.status.value,
        "start": event.dtstart.value,
        "end": event.dtend.value,
        "organizer": event.organizer.value,
        "attendees": sorted(a.value for a in event.contents.get("attendee", [])),
        "description": event.description.value,
    }


READERS = [
    pytest.param(read_with_icalendar, id="icalendar"),
    pytest.param(read_with_vobject, id="vobject"),
]


def calendar_of(message: mail.EmailMessage) -> str:
    (attachment,) = message.attachments
    assert attachment.get_content_type() == "text/calendar"
    text = attachment.get_content()
    # The content type names the method, as mail programs need to offer the invitation.
    assert f"METHOD:{attachment.get_param('method')}\r\n" in text
    return text


def sent_to(email: str) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.to == [email]]


def change(meeting, actor, case, *, invitees, **values):
    case_access = access.case_for(actor, case.pk)
    members = [m.user for m in access.members_for(case_access)]
    current = {
        "status": meeting.status,
        "steps_done": meeting.steps_done,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
    }
    services.update_meeting(
        actor=actor,
        access=case_access,
        meeting=meeting,
        expected_version=meeting.version,
        invitable=members,
        invitees=invitees,
        **current | values,
    )


@pytest.fixture
def three_files(joint_case, vss_worker, pp_worker, django_capture_on_commit_callbacks):
    """The files the programme's worker got: invited for 4 May 10:00-12:00 (Brussels), moved
    to 5 May 14:00-16:00, renamed (the free-text title is in no file: nobody is told), then
    cancelled."""
    vss_access = access.case_for(vss_worker, joint_case.pk)
    invitees = [vss_worker, pp_worker]
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.schedule_meeting(
            actor=vss_worker,
            access=vss_access,
            type_key="periodic_review",
            title="First periodic review",
            starts_at=at(4),
            ends_at=at(4, 12),
            mode="in_person",
            venue="Programme meeting room",
            invitees=invitees,
        )
    with django_capture_on_commit_callbacks(execute=True):
        change(
            meeting,
            pp_worker,
            joint_case,
            invitees=invitees,
            starts_at=at(5, 14),
            ends_at=at(5, 16),
        )
    with django_capture_on_commit_callbacks(execute=True):
        change(meeting, pp_worker, joint_case, invitees=invitees, title="Moved review")
    with django_capture_on_commit_callbacks(execute=True):
        change(meeting, vss_worker, joint_case, invitees=invitees, status="cancelled")
    messages = sent_to(pp_worker.email)
    return meeting, messages


@pytest.mark.parametrize("read", READERS)
def test_an_invitation_its_update_and_its_cancellation_read_back_in_both_readers(
    three_files, vss_worker, pp_worker, read: Callable[[str], dict[str, Any]]
):
    meeting, messages = three_files
    # Invited, moved, cancelled: the renaming told nobody and left the SEQUENCE as it was.
    assert len(messages) == 3
    files = [read(calendar_of(message)) for message in messages]
    assert [f["method"] for f in files] == ["REQUEST", "REQUEST", "CANCEL"]
    assert [f["status"] for f in files] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert [f["sequence"] for f in files] == [0, 1, 2]
    assert meeting.calendar_sequence == 2
    assert {f["uid"] for f in files} == {f"asap-meeting-{meeting.pk}@asap-platform"}
    # 10:00 and 14:00 in Brussels in May are 08:00 and 12:00 UTC.
    assert [(f["start"], f["end"]) for f in files] == [
        (utc(4, 8), utc(4, 10)),
        (utc(5, 12), utc(5, 14)),
        (utc(5, 12), utc(5, 14)),
    ]
    assert all(f["start"].utcoffset() == datetime.timedelta(0) for f in files)
    assert (files[0]["start"], files[1]["start"]) == (at(4), at(5, 14))
    everyone = sorted(f"mailto:{user.email}" for user in [vss_worker, pp_worker])
    assert [f["attendees"] for f in files] == [everyone] * 3
    assert {f["organizer"] for f in files} == {f"mailto:{vss_worker.email}"}
    # The text gives the local time with its zone.
    assert "10:00-12:00 Europe/Brussels" in files[0]["description"]
    assert "14:00-16:00 Europe/Brussels" in files[2]["description"]


def test_no_protected_value_and_no_free_text_title_reaches_any_calendar_file(
    three_files, joint_case
):
    _meeting, messages = three_files
    # The case holds her name and her address (planted by the fixture), and the meeting the
    # worker's free-text titles.
    texts = [calendar_of(message) for message in messages]
    assert len(texts) == 3
    for text in texts:
        unfolded = text.replace("\r\n ", "")
        assert joint_case.code in unfolded
        for value in (WOMAN, ADDRESS, PERPETRATOR, "First periodic review", "Moved review"):
            assert value not in unfolded


def test_the_downloaded_file_of_a_cancelled_meeting_cancels_it_under_the_same_uid(
    three_files, joint_case, pp_worker, client
):
    meeting, messages = three_files
    force_login_past_mfa(client, pp_worker)
    response = client.get(reverse("meetings:ics", args=[joint_case.pk, meeting.pk]))
    assert response.status_code == 200
    for read in (read_with_icalendar, read_with_vobject):
        downloaded = read(response.content.decode())
        emailed = read(calendar_of(messages[-1]))
        assert (downloaded["method"], downloaded["status"]) == ("CANCEL", "CANCELLED")
        assert (downloaded["uid"], downloaded["sequence"]) == (emailed["uid"], 2)


def test_a_worker_taken_off_the_list_gets_a_cancellation_of_their_copy(
    joint_case, vss_worker, pp_worker, django_capture_on_commit_callbacks
):
    vss_access = access.case_for(vss_worker, joint_case.pk)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.schedule_meeting(
            actor=vss_worker,
            access=vss_access,
            type_key="periodic_review",
            title="First periodic review",
            starts_at=at(4),
            ends_at=at(4, 12),
            mode="in_person",
            venue="Programme meeting room",
            invitees=[vss_worker, pp_worker],
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change(meeting, vss_worker, joint_case, invitees=[vss_worker])
    (removal,) = sent_to(pp_worker.email)
    text = calendar_of(removal)
    for read in (read_with_icalendar, read_with_vobject):
        removed = read(text)
        assert (removed["method"], removed["status"]) == ("CANCEL", "CONFIRMED")
        assert (removed["sequence"], removed["attendees"]) == (1, [f"mailto:{pp_worker.email}"])
    assert "Programme meeting room" not in text  # no longer theirs to read
    assert sent_to(vss_worker.email) == []  # nothing about the meeting changed for her
