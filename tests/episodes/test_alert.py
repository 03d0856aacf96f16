"""A new episode alerts by e-mail the members who read its alert: the case code, nothing
about the episode. Her unshared episode gives the other sides no sign (issue point 7, "No
hints"): no alert on their timeline, no e-mail."""

import datetime

import pytest
from django.core import mail

from asap.cases import access
from asap.cases import services as cases
from asap.cases.enums import EntryKind
from asap.episodes import services
from tests.conftest import force_login_past_mfa
from tests.episodes.conftest import episode_values

pytestmark = pytest.mark.django_db

PLANTED = "PLANTED-EPISODE-NOTE-4c0e"
SECRETS = [PLANTED, "Luca", "exual", "victim", "perpetrator", "2026-02", "Feb"]


def record(team, who: str) -> None:
    services.record_episode(
        actor=getattr(team, who),
        access=team.access(who),
        **episode_values(note=PLANTED, forms_of_violence=["sexual"]),
    )


def assert_case_code_only(team) -> None:
    for message in mail.outbox:
        text = message.subject + message.body + str(message.message())
        assert team.case.code in message.subject
        for secret in SECRETS:
            assert secret not in text


@pytest.mark.parametrize(
    ("who", "told"),
    [
        ("vss", ["vss"]),  # hers: the victim side only
        ("pp", ["vss", "pp"]),  # his: the police only under his waiver
        ("police", ["vss", "pp", "police"]),
    ],
)
def test_the_members_who_read_the_alert_get_an_e_mail_carrying_the_case_code_only(
    team, who, told, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record(team, who)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        getattr(team, name).email for name in told
    )
    assert_case_code_only(team)


def test_under_his_waiver_the_police_are_told_of_his_episode(
    team, django_capture_on_commit_callbacks
):
    cases.record_waiver(actor=team.pp, access=team.access("pp"), given_on=datetime.date(2026, 1, 3))
    with django_capture_on_commit_callbacks(execute=True):
        record(team, "pp")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in [team.vss, team.pp, team.police]
    )
    assert_case_code_only(team)


@pytest.mark.parametrize("who", ["pp", "police"])
def test_her_unshared_episode_gives_the_other_sides_no_sign(
    team, who, django_capture_on_commit_callbacks
):
    """Even with her consent to the programme in force: nothing on their timeline (no
    episode, no alert, no 'New episode'), no e-mail."""
    with django_capture_on_commit_callbacks(execute=True):
        record(team, "vss")
    assert getattr(team, who).email not in [m.to[0] for m in mail.outbox]
    kinds = {entry.kind for entry in access.entries_for(team.access(who))}
    assert not kinds & {EntryKind.EPISODE, EntryKind.EPISODE_ALERT}
    client_page = cases_page(team, who)
    for text in ["New episode", "Episode reported", PLANTED]:
        assert text not in client_page
    assert EntryKind.EPISODE_ALERT in {e.kind for e in access.entries_for(team.access("vss"))}


def cases_page(team, who: str) -> str:
    from django.test import Client

    client = Client()
    force_login_past_mfa(client, getattr(team, who))
    pages = [f"/cases/{team.case.pk}/", f"/cases/{team.case.pk}/timeline/", "/"]
    return "".join(client.get(url).content.decode() for url in pages)


def test_nothing_is_sent_when_the_episode_is_not_saved(team, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValueError, match="Only the side"),
    ):
        services.update_episode(
            actor=team.pp,
            access=team.access("pp"),
            episode=services.record_episode(
                actor=team.police, access=team.access("police"), **episode_values()
            ),
            expected_version=1,
            **episode_values(),
        )
    assert len(mail.outbox) == 3  # the one episode that was recorded, to the three members


def test_the_alert_carries_no_canary_of_the_world(world, django_capture_on_commit_callbacks):
    from tests.security.test_canary import leaks

    vss = world.people["victim_side"]
    with django_capture_on_commit_callbacks(execute=True):
        services.record_episode(
            actor=vss, access=access.case_for(vss, world.case.pk), **episode_values(note=PLANTED)
        )
    victim_side = [
        m.user.email
        for m in world.case.members.filter(is_active=True, side="victim").select_related("user")
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(victim_side)  # her episode: hers only
    for message in mail.outbox:
        text = message.subject + message.body + str(message.message())
        assert leaks(world, text) == []
        assert PLANTED not in text
