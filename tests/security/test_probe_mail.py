"""Probe: every e-mail the platform sends about the world's case carries no canary.

The page crawl (tests/security/test_canary.py) never runs the daily tasks nor the services'
mails sent on commit. Here they all run on the world, whose protected fields hold canaries,
after the victim side recorded her episode with a canary in its note and the programme a
drop-out: the outcome questionnaires' and overdue actions' reminders, the digests of My work,
the episode and programme alerts, a meeting's invitations with their calendar files, the
reset-password mail of every persona and an account invitation. Every part of every message
(subject, body, headers, each attachment decoded) is read; no canary may be in any. The mails
of what only the victim side reads (her episode's alert, her action's reminder) reach no one
outside the victim side.
"""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from asap.accounts import services as accounts
from asap.cases import access
from asap.cases.models import CaseMember
from asap.episodes import services as episodes
from asap.instruments.tasks import send_outcome_reminders
from asap.meetings import services as meetings
from asap.plans.tasks import send_action_reminders
from asap.programme import services as programme
from asap.work.tasks import send_work_digests
from tests.cases.world import canary
from tests.episodes.conftest import episode_values

pytestmark = pytest.mark.django_db

VENUE = "PROBE-MEETING-VENUE-3e9d"  # joint: the positive control of the calendar file's reading


def every_part(message) -> str:
    """What a recipient's mail program shows and keeps: subject, headers, body, alternatives
    and each attachment's text, decoded."""
    email = message.message()
    parts = [message.subject, message.body, *(str(v) for _k, v in email.items())]
    for part in email.walk():
        payload = part.get_payload(decode=True)
        if payload:
            parts.append(payload.decode("utf-8", "replace"))
    for alternative in getattr(message, "alternatives", []):
        parts.append(str(alternative[0]))
    for attachment in message.attachments:
        content = attachment[1] if isinstance(attachment, tuple) else attachment.get_payload()
        parts.append(content.decode() if isinstance(content, bytes) else str(content))
    return "\n".join(parts)


def leaks(world, text: str) -> list[str]:
    return sorted(name for name, value in world.canaries.items() if value in text)


def victim_side_emails(world) -> set[str]:
    members = CaseMember.objects.filter(case=world.case, side="victim").select_related("user")
    return {m.user.email for m in members}


@pytest.fixture
def sent(world, django_capture_on_commit_callbacks):
    """Run every task and mail-sending service on the world; the outbox, grouped by kind."""
    vss, pp = world.people["victim_side"], world.people["perpetrator_side"]
    vss_access = access.case_for(vss, world.case.pk)
    pp_access = access.case_for(pp, world.case.pk)
    world.canaries["episode_note"] = canary("episode_note")
    mail.outbox.clear()
    kinds: dict[str, list] = {}

    def collect(kind: str) -> None:
        kinds[kind] = list(mail.outbox)
        mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        episodes.record_episode(
            actor=vss, access=vss_access, **episode_values(note=world.canaries["episode_note"])
        )
    collect("her_episode")
    with django_capture_on_commit_callbacks(execute=True):
        programme.record_status(
            actor=pp,
            access=pp_access,
            status="dropped_out",
            date=datetime.date(2026, 3, 2),
            reason="Stopped coming",
        )
    collect("programme_alert")
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    invitees = [world.people[p] for p in ("victim_side", "perpetrator_side", "other_agency")]
    with django_capture_on_commit_callbacks(execute=True):
        meetings.schedule_meeting(
            actor=vss,
            access=vss_access,
            type_key="periodic_review",
            title="Review",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
            mode="in_person",
            venue=VENUE,
            invitees=invitees,
        )
    collect("meeting")
    for name, task in [
        ("outcome_reminders", send_outcome_reminders),
        ("action_reminders", send_action_reminders),
        ("digests", send_work_digests),
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            task.call(requeue=False)
        collect(name)
    with django_capture_on_commit_callbacks(execute=True):
        for user in world.people.values():
            cache.clear()  # the reset form's rate limit counts per address
            Client().post("/accounts/password/reset/", {"email": user.email})
        organisation = pp.active_memberships[0].organisation
        newcomer = accounts.create_user(
            actor=None, email="newcomer@example.org", full_name="New Comer"
        )
        accounts.send_invitation(actor=None, user=newcomer, organisation=organisation)
    collect("accounts")
    return kinds


def test_no_mail_carries_a_canary_nor_her_news_to_another_side(world, sent):
    everyone = {user.email for user in world.people.values()}
    for kind, messages in sent.items():
        assert messages, f"no {kind} mail was sent: the probe would prove nothing"
        for message in messages:
            assert leaks(world, every_part(message)) == [], (kind, message.to, message.subject)
    # Mails reached the other side too, and the calendar files were read.
    reached = {address for messages in sent.values() for m in messages for address in m.to}
    assert world.people["perpetrator_side"].email in reached
    assert world.people["administrator_pp"].email in reached
    assert all(VENUE in every_part(m) for m in sent["meeting"])
    assert {a for m in sent["accounts"] for a in m.to} >= everyone
    # Her unshared episode and her action's overdue term are no sign to any other side; the
    # programme's drop-out alert is for the victim side.
    victim_side = victim_side_emails(world)
    for kind in ["her_episode", "programme_alert"]:
        recipients = {a for m in sent[kind] for a in m.to}
        assert recipients, kind
        assert recipients <= victim_side, kind
    overdue = [m for m in sent["action_reminders"] if world.case.code in m.subject]
    assert {a for m in overdue for a in m.to} <= {
        world.people["victim_side"].email,
        world.people["perpetrator_side"].email,
    }
