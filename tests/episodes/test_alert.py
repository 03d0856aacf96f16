"""A new episode alerts every member by e-mail: the case code, nothing about the episode."""

import pytest
from django.core import mail

from asap.cases import access
from asap.episodes import services
from tests.episodes.conftest import episode_values

pytestmark = pytest.mark.django_db

PLANTED = "PLANTED-EPISODE-NOTE-4c0e"


@pytest.mark.parametrize("who", ["vss", "pp", "police"])
def test_every_active_member_gets_an_alert_carrying_the_case_code_only(
    team, who, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.record_episode(
            actor=getattr(team, who),
            access=team.access(who),
            **episode_values(note=PLANTED, forms_of_violence=["sexual"]),
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in [team.vss, team.pp, team.police]
    )
    for message in mail.outbox:
        text = message.subject + message.body + str(message.message())
        assert team.case.code in message.subject
        for secret in [PLANTED, "Luca", "exual", "victim", "perpetrator", "2026-02", "Feb"]:
            assert secret not in text


def test_nothing_is_sent_when_the_episode_is_not_saved(team, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValueError, match="Only the side"),
    ):
        services.update_episode(
            actor=team.police,
            access=team.access("police"),
            episode=services.record_episode(
                actor=team.pp, access=team.access("pp"), **episode_values()
            ),
            expected_version=1,
            **episode_values(),
        )
    assert len(mail.outbox) == 3  # the one episode that was recorded


def test_the_alert_carries_no_canary_of_the_world(world, django_capture_on_commit_callbacks):
    from tests.security.test_canary import leaks

    vss = world.people["victim_side"]
    with django_capture_on_commit_callbacks(execute=True):
        services.record_episode(
            actor=vss, access=access.case_for(vss, world.case.pk), **episode_values(note=PLANTED)
        )
    assert len(mail.outbox) == 5  # the five active members of the world case
    for message in mail.outbox:
        text = message.subject + message.body + str(message.message())
        assert leaks(world, text) == []
        assert PLANTED not in text
