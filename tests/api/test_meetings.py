"""Meetings and agreements over the API, read only: every member reads the case's meetings as
their pages show them (the calendar file the same as the page's download), the case-level
agreements through the case's door, and a coordinator their agency's organisation-level
agreements."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asap.accounts.enums import Role
from asap.cases import access
from asap.core.models import AuditEvent
from asap.meetings import services as meetings
from asap.meetings.models import Meeting
from asap.plans import services as plans
from tests.api.conftest import api_client, issue
from tests.factories import OrganisationFactory, persona
from tests.meetings.world import DECISIONS, TITLE

pytestmark = pytest.mark.django_db

VICTIM = {"victim_side", "partner_contact"}
MEMBERS = ["victim_side", "perpetrator_side", "partner_contact", "child_protection_lead"]
MEMBERS += ["other_agency"]


def url(world, rest=""):
    return f"/api/v1/cases/{world.case.pk}/{rest}"


def reads(world):
    meeting = world.ids["meeting"]
    return [
        url(world, "meetings"),
        url(world, f"meetings/{meeting}"),
        url(world, f"meetings/{meeting}/ics"),
        url(world, "agreements"),
    ]


@pytest.mark.parametrize("who", MEMBERS)
def test_every_member_reads_the_meetings(api_world, who):
    world = api_world.world
    client = api_world.client(who)
    listed = client.get(url(world, "meetings")).json()
    assert [item["title"] for item in listed["items"]] == [TITLE]
    item = listed["items"][0]
    assert item["ics_url"] == reverse("meetings:ics", args=[world.case.pk, world.ids["meeting"]])
    assert (item["status"], item["has_minutes"]) == ("held", True)
    detail = client.get(url(world, f"meetings/{world.ids['meeting']}")).json()
    assert detail["minutes"]["decisions"] == DECISIONS
    attended = {row["name"]: row["attended"] for row in detail["invitees"]}
    assert attended[world.people["perpetrator_side"].get_full_name()] is True
    assert attended[world.people["other_agency"].get_full_name()] is False
    assert detail["agenda"]
    assert detail["purpose"]
    assert {step["key"] for step in detail["steps"] if step["done"]} >= {"minutes"}


def test_the_ics_url_is_the_pages_own_download(api_world):
    """The address given is the existing page's download, and the API's file is the same
    file (but for the time stamp of its making)."""
    world = api_world.world
    meeting = world.ids["meeting"]
    ics_url = api_world.client("perpetrator_side").get(url(world, f"meetings/{meeting}")).json()
    page = world.client("perpetrator_side").get(ics_url["ics_url"])
    assert page.status_code == 200
    api = api_world.client("perpetrator_side").get(url(world, f"meetings/{meeting}/ics"))
    assert api.status_code == 200
    assert api["Content-Type"].startswith("text/calendar")

    def lines(response):
        text = response.content.decode()
        return [line for line in text.splitlines() if not line.startswith("DTSTAMP")]

    assert lines(api) == lines(page)
    assert f"UID:asap-meeting-{meeting}@asap-platform" in lines(api)


def test_no_canary_reaches_a_token_outside_the_victim_side(api_world):
    world = api_world.world
    # Meetings hold nothing protected; what could leak through them is an action decided at
    # the meeting on the victim side only: plant one, with a canary.
    secret = "CANARYMEETINGACTION7f3a"
    vss = world.people["victim_side"]
    plans.add_action(
        actor=vss,
        access=access.case_for(vss, world.case.pk),
        need=secret,
        action=secret,
        term=datetime.date(2026, 5, 1),
        responsible="Shelter (world)",
        compartment="victim",
        meeting_id=world.ids["meeting"],
    )
    canaries = [*world.canaries.values(), secret]
    assert secret in api_world.client("victim_side").get(url(world, "plan")).content.decode()
    for who in set(api_world.secrets) - VICTIM:
        client = api_world.client(who)
        for path in [*reads(world), "/api/v1/agreements"]:
            text = client.get(path).content.decode()
            assert not [c for c in canaries if c in text], (who, path)


def test_coordinators_get_403_and_outsiders_404(api_world):
    world = api_world.world
    for path in reads(world):
        assert api_world.client("coordinator").get(path).status_code == 403, path
        for who in ["unrelated", "dpo", "administrator_pp", "trainee"]:
            assert api_world.client(who).get(path).status_code == 404, (who, path)


def test_a_read_leaves_the_case_read_row_of_the_token(api_world):
    world = api_world.world
    token = api_world.tokens["other_agency"]
    api_world.client("other_agency").get(url(world, f"meetings/{world.ids['meeting']}"))
    assert AuditEvent.objects.filter(
        action="case.read", actor=token.user, case_id=world.case.pk
    ).exists()


def test_the_meetings_queries_do_not_grow_with_the_meetings(api_world):
    world = api_world.world
    client = api_world.client("victim_side")
    client.get(url(world, "meetings"))
    with CaptureQueriesContext(connection) as before:
        client.get(url(world, "meetings"))
    vss = world.people["victim_side"]
    vss_access = access.case_for(vss, world.case.pk)
    first = Meeting.objects.visible_to(vss_access).get()
    for days in range(1, 4):
        meetings.schedule_meeting(
            actor=vss,
            access=vss_access,
            type_key="periodic_review",
            title=f"Review {days}",
            starts_at=first.starts_at.replace(day=first.starts_at.day + days),
            ends_at=first.ends_at.replace(day=first.ends_at.day + days),
            mode="online",
            link="https://meet.example.org/review",
            invitees=[vss],
        )
    with CaptureQueriesContext(connection) as after:
        response = client.get(url(world, "meetings"))
    assert response.json()["meta"]["count"] == 4
    assert len(after) == len(before)


def test_members_read_the_case_agreements(api_world):
    world = api_world.world
    for who in MEMBERS:
        body = api_world.client(who).get(url(world, "agreements")).json()
        assert [item["id"] for item in body["items"]] == [world.ids["case_agreement"]], who
        parties = {party["organisation"] for party in body["items"][0]["parties"]}
        assert parties == {"Shelter (world)", "Programme (world)", "Police (world)"}


def test_a_coordinator_reads_their_agencys_organisation_agreements(api_world):
    world = api_world.world
    shelter_and_programme = world.ids["organisation_agreement"]
    programme = api_world.client("coordinator").get("/api/v1/agreements").json()
    assert shelter_and_programme in [item["id"] for item in programme["items"]]
    assert all(item["level"] == "organisation" for item in programme["items"])
    # The police are party to agreements with both, but not to this one.
    police = api_world.client("coordinator_agency").get("/api/v1/agreements").json()
    assert police["meta"]["count"] == 2
    assert shelter_and_programme not in [item["id"] for item in police["items"]]
    # An unrelated agency's coordinator: none; any other role: 403, as on the page.
    elsewhere = OrganisationFactory(name="Elsewhere")
    _token, secret = issue(elsewhere, Role.COORDINATOR, actor=persona(Role.COORDINATOR, elsewhere))
    assert api_client(secret).get("/api/v1/agreements").json()["items"] == []
    for who in ["victim_side", "perpetrator_side", "unrelated", "dpo", "administrator"]:
        assert api_world.client(who).get("/api/v1/agreements").status_code == 403, who
