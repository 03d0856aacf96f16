"""The daily e-mail of My work: how many items wait and a link, nothing else; only to
people who keep it on and have at least one item; the switch in the person's settings."""

import datetime

import pytest
from django.core import mail
from django.test import Client

from asap.cases.enums import Compartment
from asap.plans import services as plans
from asap.work.tasks import send_work_digests
from tests.conftest import sign_in
from tests.work.conftest import today

pytestmark = pytest.mark.django_db

SECRETS = ["DIGEST-CANARY", "Anna", "Marco", "action", "alert", "plan", "risk"]


def add_action(team, responsible):
    plans.add_action(
        actor=team.vss,
        access=team.access("vss"),
        need="DIGEST-CANARY-NEED",
        action="DIGEST-CANARY-ACTION",
        term=today() + datetime.timedelta(days=2),
        responsible="Centre",
        responsible_user=responsible,
        compartment=Compartment.JOINT,
    )


def test_the_digest_counts_the_items_and_carries_no_content(team):
    add_action(team, team.pp)
    add_action(team, team.pp)
    mail.outbox.clear()
    assert send_work_digests.call(requeue=False) == 1
    [message] = mail.outbox
    assert message.to == [team.pp.email]
    assert message.subject == "You have 2 items in My work"
    text = message.subject + message.body
    assert "/work/" in message.body
    assert team.case.code not in text  # not even the case code
    for secret in SECRETS:
        assert secret not in text, secret


def test_nobody_without_items_and_nobody_who_switched_it_off_is_written_to(team):
    add_action(team, team.pp)
    add_action(team, team.partner)
    client = Client()
    sign_in(client, team.partner)
    response = client.post("/accounts/settings/", {})  # the box unticked: off
    assert response.status_code == 302
    team.partner.refresh_from_db()
    assert team.partner.work_digest is False
    mail.outbox.clear()
    send_work_digests.call(requeue=False)
    assert [m.to for m in mail.outbox] == [[team.pp.email]]  # vss has no item
    client.post("/accounts/settings/", {"work_digest": "on"})
    team.partner.refresh_from_db()
    assert team.partner.work_digest is True


def test_the_settings_page_shows_the_switch(team):
    client = Client()
    sign_in(client, team.vss)
    body = client.get("/accounts/settings/").content.decode()
    assert 'name="work_digest"' in body
    assert "checked" in body
