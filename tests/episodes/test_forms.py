"""The forms keep what was typed on error, with the reason next to the field."""

import datetime
import re

import pytest
from django.apps import apps
from django.utils import timezone

from asap.episodes import services
from asap.episodes.compartments import COMPARTMENTS
from tests.episodes.conftest import episode_values

pytestmark = pytest.mark.django_db


def test_every_field_of_every_episodes_model_has_a_compartment():
    unclassified = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("episodes").get_models()
        for field in model._meta.concrete_fields
        if field.name not in COMPARTMENTS.get(model, {})
    ]
    assert unclassified == []


def test_an_episode_dated_in_the_future_is_refused_and_the_input_kept(team, signed_in_client):
    client = signed_in_client(team.vss)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        f"/cases/{team.case.pk}/episodes/add/",
        {
            "date_from": tomorrow.isoformat(),
            "forms_of_violence": ["digital"],
            "severity": "low",
            "children_present": "no",
            "note": "TYPED-NOTE-81aa",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "TYPED-NOTE-81aa" in page
    assert 'value="digital" id="id_forms_of_violence_5" checked' in page
    assert re.search(r'id="id_date_from_error">An episode cannot be dated in the future', page)
    assert re.search(r'aria-describedby="[^"]*\bid_date_from_error\b', page)


def test_a_period_that_ends_before_it_begins_is_refused(team, signed_in_client):
    client = signed_in_client(team.pp)
    response = client.post(
        f"/cases/{team.case.pk}/episodes/add/",
        {**episode_values(date_from="2026-01-10", date_to="2026-01-02"), "police_involved": "on"},
    )
    assert response.status_code == 400
    assert 'id="id_date_to_error">The period cannot end before it begins' in (
        response.content.decode()
    )


def test_recording_an_episode_leads_to_it_and_proposes_a_re_assessment(team, signed_in_client):
    client = signed_in_client(team.police)
    response = client.post(f"/cases/{team.case.pk}/episodes/add/", episode_values())
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Reported by other agencies" in page
    assert f'href="/cases/{team.case.pk}/assessments/"' in page


def test_a_concurrent_change_is_refused_with_409_and_the_input_kept(team, signed_in_client):
    episode = services.record_episode(actor=team.pp, access=team.access("pp"), **episode_values())
    url = f"/cases/{team.case.pk}/episodes/{episode.pk}/edit/"
    client = signed_in_client(team.pp)
    data = {**episode_values(), "version": 1}  # two tabs opened on version 1
    assert client.post(url, {**data, "severity": "low"}).status_code == 302
    response = client.post(url, {**data, "note": "MY-CHANGE-3d2f"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this record" in page
    assert "MY-CHANGE-3d2f" in page


def session_post(**overrides) -> dict:
    return {
        "held_at": "2026-02-03T10:30",
        "with_whom": "woman",
        "channel": "video",
        "end_signal": "TYPED-SIGNAL-aa77",
        "outcome": "held",
        "summary": "TYPED-SUMMARY-0b1c",
        **overrides,
    }


def test_a_held_session_without_its_safety_check_is_refused_and_the_input_kept(
    team, signed_in_client
):
    client = signed_in_client(team.vss)
    response = client.post(
        f"/cases/{team.case.pk}/episodes/remote/add/", session_post(device_safe="on")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "TYPED-SIGNAL-aa77" in page
    assert "TYPED-SUMMARY-0b1c" in page
    assert 'id="id_person_alone_and_safe_error">Check before the session starts' in page
    assert "id_device_safe_error" not in page
    assert "id_end_signal_error" not in page


def test_a_session_not_held_needs_a_reason_and_no_safety_check(team, signed_in_client):
    client = signed_in_client(team.vss)
    url = f"/cases/{team.case.pk}/episodes/remote/add/"
    refused = client.post(url, session_post(outcome="stopped", end_signal=""))
    assert refused.status_code == 400
    assert 'id="id_stop_reason_error">Say why' in refused.content.decode()
    assert "id_person_alone_and_safe_error" not in refused.content.decode()
    response = client.post(
        url, session_post(outcome="stopped", end_signal="", stop_reason="He came home.")
    )
    assert response.status_code == 302
    assert "He came home." in client.get(response["Location"]).content.decode()


def test_the_programme_is_not_offered_a_session_with_her(team, signed_in_client):
    client = signed_in_client(team.pp)
    url = f"/cases/{team.case.pk}/episodes/remote/add/"
    form = client.get(url).content.decode()
    assert 'value="man"' in form
    assert 'value="woman"' not in form
    response = client.post(url, session_post(person_alone_and_safe="on", device_safe="on"))
    assert response.status_code == 400
    assert "id_with_whom_error" in response.content.decode()
