"""The meeting form says what is required before it is sent: `required` on the required
fields, and on the venue for a meeting in person (the link for an online one), which a small
script moves when the mode changes; the server checks it either way. "Schedule the first
review meeting" comes with the review's type chosen."""

import re

import pytest

pytestmark = pytest.mark.django_db


def tag(body: str, name: str) -> str:
    """The opening tag of the form field `name`."""
    found = re.search(rf'<(input|select|textarea)\b[^>]*name="{name}"[^>]*>', body)
    assert found, name
    return found[0]


def test_the_required_fields_and_the_venue_of_a_meeting_in_person_carry_required(
    joint_case, vss_worker, signed_in_client
):
    url = f"/cases/{joint_case.pk}/meetings/schedule/"
    body = signed_in_client(vss_worker).get(url).content.decode()
    # (A select always has a value chosen: the type and the mode need no `required`.)
    assert " required" in tag(body, "title")
    # In person is preselected: the venue is required, the link not; the page says so.
    assert " required" in tag(body, "venue")
    assert 'data-required-when="in_person"' in tag(body, "venue")
    assert " required" not in tag(body, "link")
    assert 'data-required-when="online"' in tag(body, "link")
    assert "Required for a meeting in person" in body
    assert "asap/meeting-mode.js" in body


def test_an_online_meeting_sent_back_requires_the_link_not_the_venue(
    joint_case, vss_worker, signed_in_client
):
    url = f"/cases/{joint_case.pk}/meetings/schedule/"
    client = signed_in_client(vss_worker)
    online = client.post(url, {"mode": "online", "title": "Review"})
    assert online.status_code == 400
    body = online.content.decode()
    assert " required" in tag(body, "link")
    assert " required" not in tag(body, "venue")
    assert "Give the link of the online meeting." in body
    # Without JavaScript the server still refuses a meeting in person without a venue.
    in_person = client.post(url, {"mode": "in_person", "title": "Review"}).content.decode()
    assert "Say where the meeting is held." in in_person
    assert " required" in tag(in_person, "venue")


def test_the_first_review_comes_with_its_type_chosen(joint_case, vss_worker, signed_in_client):
    url = f"/cases/{joint_case.pk}/meetings/schedule/?type=periodic_review"
    body = signed_in_client(vss_worker).get(url).content.decode()
    assert re.search(r'<option value="periodic_review"[^>]*selected', body)
    assert 'value="Periodic review"' in tag(body, "title")
