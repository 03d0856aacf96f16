"""Files on an episode or a remote session: listed on that record's page, in one query, to
those who read both the record and the file."""

import datetime

import pytest
from django.urls import reverse

from asap.attachments import services
from asap.cases.enums import Compartment
from asap.episodes import services as episodes
from tests.attachments import files
from tests.attachments.test_pages import count

pytestmark = pytest.mark.django_db


def her_episode(team):
    return episodes.record_episode(
        actor=team.vss,
        access=team.access("vss"),
        date_from=datetime.date(2026, 2, 3),
        forms_of_violence=["physical"],
        severity="high",
        children_present="no",
    )


def attach_to(team, who: str, record, text: str, compartment: str):
    return services.attach_file(
        actor=getattr(team, who),
        access=team.access(who),
        title=text,
        file_name=f"{text}.png",
        content=files.png(text),
        compartment=compartment,
        record=record,
    )


def test_her_episodes_files_are_on_its_page_for_her_side_only(team, signed_in_client):
    episode = her_episode(team)
    attach_to(team, "vss", episode.entry, "HER-EPISODE-PHOTO", Compartment.VICTIM)
    url = reverse("episodes:detail", args=[team.case.pk, episode.pk])
    vss = signed_in_client(team.vss)

    one, page = count(vss, url)
    attach_to(team, "vss", episode.entry, "HER-EPISODE-LETTER", Compartment.PROTECTED)
    attach_to(team, "vss", episode.entry, "HER-EPISODE-SCAN", Compartment.VICTIM)
    three, page = count(vss, url)

    assert one == three
    for title in ["HER-EPISODE-PHOTO", "HER-EPISODE-LETTER", "HER-EPISODE-SCAN"]:
        assert title in page
    assert reverse("attachments:add_to", args=[team.case.pk, episode.entry_id]) in page
    # Her episode is not shared: the programme reads neither it nor its files.
    assert signed_in_client(team.pp).get(url).status_code == 404


def test_a_sessions_files_are_on_its_page(team, signed_in_client):
    session = episodes.record_remote_session(
        actor=team.police,
        access=team.access("police"),
        with_whom="agency",
        held_at=datetime.datetime(2026, 2, 3, 10, 0, tzinfo=datetime.UTC),
        channel="video",
        outcome="held",
        person_alone_and_safe=True,
        device_safe=True,
        end_signal="none",
    )
    attach_to(team, "police", session.entry, "SESSION-MINUTES-FILE", Compartment.JOINT)
    url = reverse("episodes:session", args=[team.case.pk, session.pk])

    page = signed_in_client(team.pp).get(url).content.decode()

    assert "SESSION-MINUTES-FILE" in page


def test_the_timeline_and_a_records_page_read_their_files_in_the_view(
    team, signed_in_client, content_read_while_rendering
):
    """The files of the timeline's entries and of one record are read by the page's view
    (`asap.attachments.case_page`), not while its template renders."""
    episode = her_episode(team)
    attach_to(team, "vss", episode.entry, "HER-EPISODE-PHOTO", Compartment.VICTIM)
    vss = signed_in_client(team.vss)
    for url in [
        reverse("cases:timeline", args=[team.case.pk]),
        reverse("episodes:detail", args=[team.case.pk, episode.pk]),
    ]:
        response, read, while_rendering = content_read_while_rendering(vss, url)
        assert response.status_code == 200
        assert "HER-EPISODE-PHOTO" in response.content.decode()
        assert "attachments_attachment" in read  # read, by the view
        assert while_rendering == set(), url
