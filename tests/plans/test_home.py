"""The home page lists the signed-in worker's overdue actions: case code and term only."""

import datetime

import pytest

from asap.cases import access
from asap.plans import services

pytestmark = pytest.mark.django_db
PAST = datetime.date(2025, 12, 29)  # earlier than anything the world plants
MINE = "an action was due on 29/12/2025"


def add(world, who: str, reminded: str, compartment: str, text: str) -> None:
    worker = world.people[who]
    services.add_action(
        actor=worker,
        access=access.case_for(worker, world.case.pk),
        need="HOME-NEED-" + text,
        action="HOME-ACTION-" + text,
        term=PAST,
        responsible="Centre",
        responsible_user=world.people[reminded],
        compartment=compartment,
    )


def test_the_reminded_worker_sees_the_case_code_and_term_and_no_content(world):
    add(world, "victim_side", "perpetrator_side", "joint", "joint-1")
    body = world.client("perpetrator_side").get("/").content.decode()
    assert "Your overdue actions" in body
    assert f"Case {world.case.code}: {MINE}" in body
    assert "HOME-ACTION-joint-1" not in body
    assert "HOME-NEED-joint-1" not in body
    assert MINE not in world.client("other_agency").get("/").content.decode()


def test_a_victim_side_action_stays_on_the_victim_side(world):
    add(world, "victim_side", "partner_contact", "victim", "victim-1")
    assert MINE in world.client("partner_contact").get("/").content.decode()
    assert MINE not in world.client("perpetrator_side").get("/").content.decode()


def test_a_worker_who_left_the_case_is_not_told(world):
    add(world, "victim_side", "perpetrator_side", "joint", "joint-2")
    pp = world.people["perpetrator_side"]
    from asap.cases import services as cases

    cases.leave_case(actor=pp, access=access.case_for(pp, world.case.pk))
    assert MINE not in world.client("perpetrator_side").get("/").content.decode()
