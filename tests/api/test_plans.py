"""The action plan and recidivism episodes over the API: each side reads what its pages show
it, writes go through the page's form and the services (audit row with the token's account),
a stale change gets 409, a refused body 422 naming the field, a closed case 423."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asap.cases import access
from asap.cases.enums import CaseStatus
from asap.cases.models import JointCase
from asap.core.models import AuditEvent
from asap.plans import services as plans
from tests.api.crawl_plans import ACTION, EPISODE
from tests.conftest import reauthenticate
from tests.episodes.world import HER_EPISODE_NOTE
from tests.plans.world import JOINT_NEED

pytestmark = pytest.mark.django_db

VICTIM = {"victim_side", "partner_contact"}
OTHER_MEMBERS = ["perpetrator_side", "child_protection_lead", "other_agency"]


def url(world, rest=""):
    return f"/api/v1/cases/{world.case.pk}/{rest}"


def reads(world):
    ids = world.ids
    return [
        url(world, "plan"),
        url(world, "episodes"),
        url(world, f"episodes/{ids['episode_victim']}"),
        url(world, f"episodes/{ids['episode_shared']}"),
        url(world, f"episodes/{ids['episode_agency']}"),
    ]


def test_the_victim_side_reads_every_row_of_the_plan_with_her_own(api_world):
    world = api_world.world
    body = api_world.client("victim_side").get(url(world, "plan")).json()
    rows = {item["id"]: item for item in body["items"]}
    assert set(rows) >= {world.ids["action_joint"], world.ids["action_victim"]}
    victim_row = rows[world.ids["action_victim"]]
    assert victim_row["need"] == world.canaries["action_need"]
    assert victim_row["compartment"] == "victim"
    assert victim_row["overdue"] is True
    assert body["meta"]["count"] == 3
    # Unfinished first, by term: the dropped row comes last.
    assert body["items"][-1]["status"] == "dropped"


@pytest.mark.parametrize(
    ("who", "joint"),
    [
        ("perpetrator_side", [JOINT_NEED]),
        ("child_protection_lead", [JOINT_NEED]),
        # The programme's joint row reaches another agency only under his waiver.
        ("other_agency", []),
    ],
)
def test_the_other_sides_read_the_joint_rows_only(api_world, who, joint):
    world = api_world.world
    response = api_world.client(who).get(url(world, "plan"))
    assert response.status_code == 200
    needs = [item["need"] for item in response.json()["items"]]
    assert needs == joint


def test_no_canary_reaches_a_token_outside_the_victim_side(api_world):
    world = api_world.world
    canaries = list(world.canaries.values())
    # The planted values are there to leak: the victim side reads some of them here.
    victim_text = "".join(
        api_world.client("victim_side").get(path).content.decode() for path in reads(world)
    )
    assert any(canary in victim_text for canary in canaries)
    for who in set(api_world.secrets) - VICTIM:
        client = api_world.client(who)
        for path in reads(world):
            text = client.get(path).content.decode()
            assert not [c for c in canaries if c in text], (who, path)


def test_coordinators_get_403_and_outsiders_404(api_world):
    world = api_world.world
    for path in reads(world):
        assert api_world.client("coordinator").get(path).status_code == 403, path
        for who in ["unrelated", "dpo", "administrator_pp", "trainee"]:
            assert api_world.client(who).get(path).status_code == 404, (who, path)
    add = api_world.client("unrelated").post(
        url(world, "plan/actions"), ACTION, content_type="application/json"
    )
    assert add.status_code == 404


def test_a_read_leaves_the_case_read_row_of_the_token(api_world):
    world = api_world.world
    token = api_world.tokens["perpetrator_side"]
    api_world.client("perpetrator_side").get(url(world, "plan"))
    assert AuditEvent.objects.filter(
        action="case.read", actor=token.user, case_id=world.case.pk
    ).exists()


def test_the_plans_queries_do_not_grow_with_its_rows(api_world):
    world = api_world.world
    client = api_world.client("victim_side")
    client.get(url(world, "plan"))  # warm the caches a first call fills
    with CaptureQueriesContext(connection) as before:
        client.get(url(world, "plan"))
    vss = world.people["victim_side"]
    vss_access = access.case_for(vss, world.case.pk)
    for number in range(5):
        plans.add_action(
            actor=vss,
            access=vss_access,
            need=f"Need {number}",
            action="Action",
            term="2026-05-01",
            responsible="Shelter (world)",
            responsible_user=vss,
        )
    with CaptureQueriesContext(connection) as after:
        response = client.get(url(world, "plan"))
    assert response.json()["meta"]["count"] == 8
    assert len(after) == len(before)


def test_a_member_adds_an_action_through_the_form_and_the_service(api_world):
    world = api_world.world
    token = api_world.tokens["perpetrator_side"]
    body = {**ACTION, "responsible_user": world.people["perpetrator_side"].pk}
    response = api_world.client("perpetrator_side").post(
        url(world, "plan/actions"), body, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    added = response.json()
    assert added["need"] == ACTION["need"]
    assert added["compartment"] == "joint"
    assert added["version"] == 1
    assert AuditEvent.objects.filter(
        action="plan.action_add", actor=token.user, object_id=str(added["id"])
    ).exists()
    # The victim side reads the programme's new joint row.
    rows = api_world.client("victim_side").get(url(world, "plan")).json()["items"]
    assert added["id"] in [row["id"] for row in rows]


def test_the_victim_side_files_an_action_as_its_own(api_world):
    world = api_world.world
    body = {**ACTION, "compartment": "victim"}
    response = api_world.client("victim_side").post(
        url(world, "plan/actions"), body, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["compartment"] == "victim"
    rows = api_world.client("perpetrator_side").get(url(world, "plan")).json()["items"]
    assert response.json()["id"] not in [row["id"] for row in rows]


def test_a_refused_action_names_the_field(api_world):
    world = api_world.world
    client = api_world.client("perpetrator_side")
    missing = client.post(
        url(world, "plan/actions"), {**ACTION, "need": ""}, content_type="application/json"
    )
    assert missing.status_code == 422
    assert list(missing.json()["detail"]) == ["need"]
    # The perpetrator side has no compartment of its own to file in: refused, not ignored.
    elsewhere = client.post(
        url(world, "plan/actions"),
        {**ACTION, "compartment": "victim"},
        content_type="application/json",
    )
    assert elsewhere.status_code == 422
    assert "compartment" in elsewhere.json()["detail"]
    # A victim-side action cannot remind a worker of the perpetrator side (the form's rule).
    reminded = api_world.client("victim_side").post(
        url(world, "plan/actions"),
        {
            **ACTION,
            "compartment": "victim",
            "responsible_user": world.people["perpetrator_side"].pk,
        },
        content_type="application/json",
    )
    assert reminded.status_code == 422
    assert "responsible_user" in reminded.json()["detail"]
    bad_date = client.post(
        url(world, "plan/actions"),
        {**ACTION, "term": "not a date"},
        content_type="application/json",
    )
    assert bad_date.status_code == 422
    assert "term" in bad_date.content.decode()


def test_a_member_changes_an_action_with_its_version(api_world):
    world = api_world.world
    token = api_world.tokens["victim_side"]
    client = api_world.client("victim_side")
    path = url(world, f"plan/actions/{world.ids['action_joint']}")
    response = client.put(path, {"version": 1, "status": "done"}, content_type="application/json")
    assert response.status_code == 200, response.content
    changed = response.json()
    # Only the status changed; the fields not sent stayed as they were.
    assert (changed["status"], changed["version"], changed["need"]) == ("done", 2, JOINT_NEED)
    assert changed["overdue"] is False
    assert AuditEvent.objects.filter(
        action="plan.action_update", actor=token.user, object_id=str(changed["id"])
    ).exists()
    stale = client.put(path, {"version": 1, "status": "open"}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["version"] == 2


def test_a_refused_change_names_the_field(api_world):
    world = api_world.world
    client = api_world.client("perpetrator_side")
    path = url(world, f"plan/actions/{world.ids['action_joint']}")
    dropped = client.put(path, {"version": 1, "status": "dropped"}, content_type="application/json")
    assert dropped.status_code == 422
    assert list(dropped.json()["detail"]) == ["dropped_reason"]
    unknown = client.put(path, {"version": 1, "status": "lost"}, content_type="application/json")
    assert unknown.status_code == 422
    assert "status" in unknown.json()["detail"]
    no_version = client.put(path, {"status": "done"}, content_type="application/json")
    assert no_version.status_code == 422
    assert "version" in no_version.content.decode()


def test_her_action_is_not_found_for_the_other_sides(api_world):
    world = api_world.world
    path = url(world, f"plan/actions/{world.ids['action_victim']}")
    for who in OTHER_MEMBERS:
        response = api_world.client(who).put(
            path, {"version": 1, "status": "done"}, content_type="application/json"
        )
        assert response.status_code == 404, who
        assert world.canaries["action_need"] not in response.content.decode()


def test_a_closed_case_takes_no_write(api_world):
    world = api_world.world
    JointCase.objects.filter(pk=world.case.pk).update(status=CaseStatus.CLOSED)
    client = api_world.client("victim_side")
    added = client.post(url(world, "plan/actions"), ACTION, content_type="application/json")
    assert added.status_code == 423
    recorded = client.post(url(world, "episodes"), EPISODE, content_type="application/json")
    assert recorded.status_code == 423
    assert (
        not AuditEvent.objects.filter(action__in=["plan.action_add", "episode.add"])
        .filter(actor=api_world.tokens["victim_side"].user)
        .exists()
    )


def test_a_restricted_case_takes_no_write(api_world):
    """While a data-protection officer's restriction of processing is in force (art. 18)."""
    world = api_world.world
    officer = world.client("dpo")
    reauthenticate(officer)
    decided = officer.post(
        reverse("dataprotection:decide"),
        {
            "case_code": world.case.code,
            "person": "victim",
            "reference": "REQ-2026-45",
            "outcome": "restricted",
            "ground": "court_order",
            "explanation": "The family court ordered the records kept.",
        },
    )
    assert decided.status_code == 302
    client = api_world.client("perpetrator_side")
    changed = client.put(
        url(world, f"plan/actions/{world.ids['action_joint']}"),
        {"version": 1, "status": "done"},
        content_type="application/json",
    )
    assert changed.status_code == 423
    recorded = client.post(url(world, "episodes"), EPISODE, content_type="application/json")
    assert recorded.status_code == 423
    # Reads go on.
    assert client.get(url(world, "plan")).json()["items"][0]["status"] == "open"
    assert not AuditEvent.objects.filter(
        action__in=["plan.action_update", "episode.add"],
        actor=api_world.tokens["perpetrator_side"].user,
    ).exists()


# Episodes


def test_each_side_reads_the_episodes_its_pages_show(api_world):
    world = api_world.world
    ids = world.ids
    victim = api_world.client("victim_side").get(url(world, "episodes")).json()
    assert {item["id"] for item in victim["items"]} == {
        ids["episode_victim"],
        ids["episode_shared"],
        ids["episode_perpetrator"],
        ids["episode_agency"],
    }
    assert victim["counts"] == {"perpetrator": 1, "victim": 2, "agency": 1}
    his = api_world.client("perpetrator_side").get(url(world, "episodes")).json()
    assert ids["episode_victim"] not in {item["id"] for item in his["items"]}
    assert ids["episode_shared"] in {item["id"] for item in his["items"]}
    assert his["counts"]["victim"] == 1


def test_her_unshared_episode_is_hers_alone(api_world):
    world = api_world.world
    path = url(world, f"episodes/{world.ids['episode_victim']}")
    mine = api_world.client("victim_side").get(path).json()
    assert mine["note"] == HER_EPISODE_NOTE
    assert (mine["source"], mine["compartment"], mine["may_change"]) == ("victim", "victim", True)
    for who in OTHER_MEMBERS:
        response = api_world.client(who).get(path)
        assert response.status_code == 404, who
        assert HER_EPISODE_NOTE not in response.content.decode()
    shared = api_world.client("perpetrator_side").get(
        url(world, f"episodes/{world.ids['episode_shared']}")
    )
    assert shared.status_code == 200
    assert [s["with_side"] for s in shared.json()["shares"]] == ["perpetrator"]
    assert shared.json()["may_change"] is False


def test_a_member_records_an_episode_of_their_side(api_world):
    world = api_world.world
    token = api_world.tokens["perpetrator_side"]
    response = api_world.client("perpetrator_side").post(
        url(world, "episodes"), EPISODE, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    recorded = response.json()
    assert (recorded["source"], recorded["note"]) == ("perpetrator", EPISODE["note"])
    assert recorded["reported_by"] == token.user.get_full_name()
    assert AuditEvent.objects.filter(
        action="episode.add", actor=token.user, object_id=str(recorded["id"])
    ).exists()


def test_a_refused_episode_names_the_field(api_world):
    world = api_world.world
    client = api_world.client("other_agency")
    future = client.post(
        url(world, "episodes"),
        {**EPISODE, "date_from": "2099-01-01"},
        content_type="application/json",
    )
    assert future.status_code == 422
    assert list(future.json()["detail"]) == ["date_from"]
    empty = client.post(
        url(world, "episodes"),
        {**EPISODE, "forms_of_violence": [], "severity": "extreme"},
        content_type="application/json",
    )
    assert empty.status_code == 422
    assert set(empty.json()["detail"]) == {"forms_of_violence", "severity"}


def test_the_episodes_queries_do_not_grow_with_the_episodes(api_world):
    world = api_world.world
    client = api_world.client("perpetrator_side")
    client.get(url(world, "episodes"))
    with CaptureQueriesContext(connection) as before:
        client.get(url(world, "episodes"))
    for _ in range(4):
        assert (
            client.post(
                url(world, "episodes"), EPISODE, content_type="application/json"
            ).status_code
            == 201
        )
    with CaptureQueriesContext(connection) as after:
        response = client.get(url(world, "episodes"))
    assert response.json()["meta"]["count"] == 7
    assert len(after) == len(before)


def test_a_change_sends_only_what_changes_and_null_empties_a_choice(api_world):
    world = api_world.world
    path = url(world, f"plan/actions/{world.ids['action_joint']}")
    client = api_world.client("perpetrator_side")
    response = client.put(
        path, {"version": 1, "responsible_user": None}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    changed = response.json()
    assert (changed["responsible_user"], changed["reminded"]) == (None, "")
    assert (changed["status"], changed["need"]) == ("open", JOINT_NEED)
    emptied = client.put(path, {"version": 2, "need": None}, content_type="application/json")
    assert emptied.status_code == 422
    assert list(emptied.json()["detail"]) == ["need"]
