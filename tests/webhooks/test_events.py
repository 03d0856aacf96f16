"""Events reach the systems of the organisations taking part in the case, as their workers
would learn of them (the one read policy), after the change commits, with the code only."""

import datetime
import uuid

import pytest
from django.db import transaction
from django.utils import timezone

from asap.cases import access
from asap.cases.enums import Compartment
from asap.cases.models import CaseAgency
from asap.core.scopes import named_scope
from asap.episodes import services as episodes
from asap.instruments import services as instruments
from asap.instruments.models import Administration
from asap.meetings import services as meetings
from asap.plans import services as plans
from asap.plans.models import ActionItem
from asap.programme import services as programme
from asap.webhooks.enums import EventKind
from asap.webhooks.events import emit, queue_deliveries
from asap.webhooks.models import WebhookDelivery
from tests.episodes.conftest import episode_values
from tests.webhooks.conftest import register, run_pending

pytestmark = pytest.mark.django_db

PLANTED_TITLE = "MEETING-TITLE-CANARY-41d0"
PLANTED_VENUE = "MEETING-VENUE-CANARY-8c2f"


@pytest.fixture
def systems(world, receiver):
    """An endpoint subscribed to every event for each organisation taking part (by its
    side) and for an organisation that takes no part, each on its own path."""
    organisations = {
        agency.side: agency.organisation
        for agency in CaseAgency.objects.filter(case=world.case).select_related("organisation")
    }
    organisations["unrelated"] = world.people["unrelated"].memberships.get().organisation
    assert set(organisations) == {"victim", "perpetrator", "agency", "unrelated"}
    return {
        name: register(organisation, f"http://127.0.0.1:{receiver.port}/hooks/{name}")
        for name, organisation in organisations.items()
    }


def reached(kind: str) -> list[str]:
    """Which systems got a delivery of `kind`, by the end of their path."""
    deliveries = WebhookDelivery.objects.filter(event=kind).select_related("endpoint")
    return sorted(d.endpoint.url.rsplit("/", 1)[1] for d in deliveries)


def schedule_meeting(world):
    worker = world.people["victim_side"]
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    return meetings.schedule_meeting(
        actor=worker,
        access=access.case_for(worker, world.case.pk),
        type_key="periodic_review",
        title=PLANTED_TITLE,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        mode="in_person",
        venue=PLANTED_VENUE,
    )


def test_the_body_holds_the_event_and_the_case_code_and_nothing_else(
    world, systems, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        schedule_meeting(world)
    delivered = run_pending()
    assert [d.status for d in delivered] == ["delivered"] * 3
    planted = [
        *world.canaries.values(),
        "Mario Esposito",
        PLANTED_TITLE,
        PLANTED_VENUE,
        "Shelter (world)",
        world.people["victim_side"].email,
    ]
    assert len(receiver.received) == 3
    for got in receiver.received:
        assert set(got.payload()) == {"event", "case", "id", "occurred_at"}
        assert got.payload()["event"] == "meeting_proposed"
        assert got.payload()["case"] == world.case.code
        everything = got.body.decode() + repr(got.headers)
        assert [value for value in planted if value in everything] == []
    assert len({got.payload()["id"] for got in receiver.received}) == 1  # one event


def test_an_organisation_not_taking_part_in_the_case_receives_nothing(
    world, systems, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        schedule_meeting(world)
    assert reached(EventKind.MEETING_PROPOSED) == ["agency", "perpetrator", "victim"]


def test_an_endpoint_receives_only_the_events_it_chose(
    world, receiver, django_capture_on_commit_callbacks
):
    victim_org = CaseAgency.objects.get(case=world.case, side="victim").organisation
    register(victim_org, receiver.url, events=[EventKind.RISK_ROSE])
    with django_capture_on_commit_callbacks(execute=True):
        schedule_meeting(world)
    assert WebhookDelivery.objects.count() == 0


def test_nothing_is_sent_for_a_change_that_is_rolled_back(
    world, systems, django_capture_on_commit_callbacks
):
    def change_that_fails() -> None:
        with transaction.atomic():
            emit(EventKind.MEETING_PROPOSED, world.case)
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        change_that_fails()
    assert WebhookDelivery.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        emit(EventKind.MEETING_PROPOSED, world.case)
    assert WebhookDelivery.objects.count() == 3


def test_her_unshared_episode_reaches_only_the_victim_sides_system(
    world, systems, django_capture_on_commit_callbacks
):
    worker = world.people["victim_side"]
    with django_capture_on_commit_callbacks(execute=True):
        episodes.record_episode(
            actor=worker, access=access.case_for(worker, world.case.pk), **episode_values()
        )
    assert reached(EventKind.EPISODE_RECORDED) == ["victim"]


def test_his_episode_reported_by_the_programme_reaches_both_sides(
    world, systems, django_capture_on_commit_callbacks
):
    worker = world.people["perpetrator_side"]
    with django_capture_on_commit_callbacks(execute=True):
        episodes.record_episode(
            actor=worker, access=access.case_for(worker, world.case.pk), **episode_values()
        )
    # Joint, recorded by the programme: the other agency reads it only under his waiver.
    assert reached(EventKind.EPISODE_RECORDED) == ["perpetrator", "victim"]


def test_a_drop_out_reaches_both_sides(world, systems, django_capture_on_commit_callbacks):
    worker = world.people["perpetrator_side"]
    with django_capture_on_commit_callbacks(execute=True):
        programme.record_status(
            actor=worker,
            access=access.case_for(worker, world.case.pk),
            status="dropped_out",
            date=datetime.date(2026, 3, 2),
        )
    assert reached(EventKind.DROPPED_OUT) == ["perpetrator", "victim"]


def test_a_status_that_is_no_drop_out_sends_nothing(
    world, systems, django_capture_on_commit_callbacks
):
    worker = world.people["perpetrator_side"]
    with django_capture_on_commit_callbacks(execute=True):
        programme.record_status(
            actor=worker,
            access=access.case_for(worker, world.case.pk),
            status="suspended",
            date=datetime.date(2026, 3, 2),
        )
    assert WebhookDelivery.objects.count() == 0


@pytest.mark.parametrize(
    ("compartment", "expected"),
    [(Compartment.JOINT, ["perpetrator", "victim"]), (Compartment.VICTIM, ["victim"])],
)
def test_an_overdue_action_reaches_the_systems_whose_side_reads_it(
    world, systems, django_capture_on_commit_callbacks, compartment, expected
):
    worker = world.people["victim_side"]
    added = plans.add_action(
        actor=worker,
        access=access.case_for(worker, world.case.pk),
        need="ACTION-NEED-CANARY",
        action="ACTION-TEXT-CANARY",
        term=datetime.date.today() + datetime.timedelta(days=3),
        responsible="Shelter",
        compartment=compartment,
    )
    with named_scope("test"):
        item = ActionItem.objects.select_related("case").get(pk=added.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert plans.remind_overdue(item=item)
    # Her joint action reaches the programme under her consent (given in the world), not
    # the other agency (no consent for other agencies).
    assert reached(EventKind.ACTION_OVERDUE) == expected


def test_the_risk_rose_when_both_sides_confirm_a_high_level(
    world, systems, receiver, django_capture_on_commit_callbacks
):
    police = world.people["other_agency"]
    with named_scope("test"):
        risk = Administration.objects.get(pk=world.ids["risk"])
    instruments.complete_administration(
        actor=police,
        access=access.case_for(police, world.case.pk),
        administration=risk,
        decisions={},
        expected_version=3,
    )
    with django_capture_on_commit_callbacks(execute=True):
        for who in ["victim_side", "perpetrator_side"]:
            worker = world.people[who]
            with named_scope("test"):
                risk.refresh_from_db()
            instruments.confirm_level(
                actor=worker, access=access.case_for(worker, world.case.pk), administration=risk
            )
    assert reached(EventKind.RISK_ROSE) == ["agency", "perpetrator", "victim"]
    run_pending()
    assert {got.payload()["event"] for got in receiver.received} == {"risk_rose"}
    assert "high" not in b"".join(got.body for got in receiver.received).decode()


def test_an_event_on_a_case_whose_organisations_have_no_endpoint_costs_one_query(
    world, django_assert_num_queries
):
    with django_assert_num_queries(1):
        made = queue_deliveries(
            EventKind.MEETING_PROPOSED,
            world.case,
            compartment=Compartment.JOINT,
            recorded_side="",
            event_id=uuid.uuid4(),
            occurred_at=timezone.now(),
        )
    assert made == []
