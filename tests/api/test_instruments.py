"""Instruments over the API: the definitions an organisation uses, a case's administrations
with the answers each side may read (as the answer page shows them), starting one, and one
side's answers saved through the page's form and service (409 on a stale version)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from asap.cases import access
from asap.cases import services as case_services
from asap.cases.models import JointCase
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from asap.instruments import services
from asap.instruments.models import Administration, Answer

pytestmark = pytest.mark.django_db

VICTIM = {"victim_side", "partner_contact"}
MEMBERS = {*VICTIM, "perpetrator_side", "child_protection_lead", "other_agency"}


def url(case_id: int, rest: str = "") -> str:
    return f"/api/v1/cases/{case_id}/administrations{rest}"


def leaked(api_world, body: bytes) -> list[str]:
    return [c for c in api_world.world.canaries.values() if c in body.decode()]


def send(client, method: str, path: str, body: dict):
    return getattr(client, method)(path, data=json.dumps(body), content_type="application/json")


def version_of(administration_id: int) -> int:
    with named_scope("test"):
        return Administration.objects.get(pk=administration_id).version


def test_the_definitions_are_those_of_the_tokens_organisation(api_world):
    response = api_world.client("victim_side").get("/api/v1/instruments")
    assert response.status_code == 200
    listed = {d["key"]: d for d in response.json()}
    assert listed["safe-place"]["own_upload"] is True  # the shelter's upload
    risk = listed["risk-checklist"]
    assert (risk["own_upload"], risk["respondent"], risk["levels"]) == (
        False,
        "worker",
        ["low", "intermediate", "high"],
    )
    sections = {s["key"]: s for s in risk["sections"]}
    assert sections["B"]["per_child"] is True
    a5 = next(i for i in sections["A"]["items"] if i["key"] == "A5")
    assert (a5["compartment"], a5["type"], a5["tier"]) == ("protected", "yes_no_unknown", "serious")
    # Another organisation's upload is not the programme's; roles without cases: 403.
    programme = api_world.client("perpetrator_side").get("/api/v1/instruments").json()
    assert "safe-place" not in {d["key"] for d in programme}
    assert "risk-checklist" in {d["key"] for d in programme}
    assert api_world.client("coordinator").get("/api/v1/instruments").status_code == 200
    for who in ["dpo", "trainee"]:
        assert api_world.client(who).get("/api/v1/instruments").status_code == 403, who


def test_each_side_lists_the_administrations_it_may_open(api_world):
    world, case = api_world.world, api_world.world.case.pk
    ids = world.ids
    victim = api_world.client("victim_side").get(url(case)).json()
    listed = {item["id"]: item for item in victim["items"]}
    assert {ids["risk"], ids["outcome_victim"], ids["safe_place"]} <= set(listed)
    assert listed[ids["risk"]]["title"].startswith("Risk Assessment Checklist")
    assert listed[ids["risk"]]["status"] == "open"
    assert listed[ids["outcome_victim"]]["time_point"] == "T0"
    perpetrator = api_world.client("perpetrator_side").get(url(case)).json()
    seen = {item["id"] for item in perpetrator["items"]}
    assert ids["risk"] in seen
    assert ids["outcome_victim"] not in seen  # her questionnaire stays on the victim side
    for who in set(api_world.secrets) - VICTIM:
        response = api_world.client(who).get(url(case))
        assert leaked(api_world, response.content) == [], who
        if who not in MEMBERS and not who.startswith("coordinator"):
            assert response.status_code == 404, who
    assert api_world.client("coordinator").get(url(case)).status_code == 403
    # The same queries at any number of administrations.
    client = api_world.client("perpetrator_side")

    def counted() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(case)).status_code == 200
        return len(queries)

    before = counted()
    worker = world.people["perpetrator_side"]
    pp_access = access.case_for(worker, case)
    for point in ["T1", "T2", "T3", "T4"]:
        services.start_administration(
            actor=worker, access=pp_access, key="outcome-perpetrator", time_point=point
        )
    assert counted() == before


def answers_of(detail: dict) -> dict[tuple, object]:
    return {(a["item"], a["child_id"], a["source"]): a["value"] for a in detail["answers"]}


def test_an_administration_shows_each_side_the_answers_it_may_read(api_world):
    world, case = api_world.world, api_world.world.case.pk
    safe = url(case, f"/{world.ids['safe_place']}")
    victim = api_world.client("victim_side").get(safe)
    assert victim.status_code == 200
    answers = answers_of(victim.json())
    assert answers["where", None, "victim_support_service"] == world.canaries["protected_answer"]
    for who in set(api_world.secrets) - VICTIM:
        response = api_world.client(who).get(safe)
        assert leaked(api_world, response.content) == [], who
    perpetrator = api_world.client("perpetrator_side").get(safe).json()
    assert answers_of(perpetrator) == {("fear", None, "victim_support_service"): "yes"}
    # The joint risk checklist: her protected and victim-only answers stay on her side; her
    # joint answers reach the programme under her consent, not the police (withheld).
    risk = url(case, f"/{world.ids['risk']}")
    mine = answers_of(api_world.client("partner_contact").get(risk).json())
    assert mine["A5", None, "victim_support_service"] == "yes"
    assert mine["A10", None, "victim_support_service"] == "yes"
    theirs = answers_of(api_world.client("perpetrator_side").get(risk).json())
    assert ("A5", None, "victim_support_service") not in theirs
    assert ("A10", None, "victim_support_service") not in theirs
    assert theirs["A11", None, "victim_support_service"] == "yes"
    assert theirs["A11", None, "perpetrator_programme"] == "no"
    police = api_world.client("other_agency").get(risk).json()
    assert ("A11", None, "victim_support_service") not in answers_of(police)
    assert police["withheld"] == ["perpetrator", "victim"]  # no consent, no waiver for them
    outcome = url(case, f"/{world.ids['outcome_victim']}")
    assert api_world.client("perpetrator_side").get(outcome).status_code == 404
    assert api_world.client("unrelated").get(risk).status_code == 404
    assert api_world.client("coordinator").get(risk).status_code == 403


def test_an_instrument_is_started_as_the_assessments_page_starts_it(api_world):
    world, case = api_world.world, api_world.world.case.pk
    client = api_world.client("perpetrator_side")
    started = send(client, "post", url(case), {"key": "outcome-perpetrator", "time_point": "T1"})
    assert started.status_code == 201
    body = started.json()
    assert (body["key"], body["time_point"], body["may_answer"]) == (
        "outcome-perpetrator",
        "T1",
        True,
    )
    assert AuditEvent.objects.filter(
        actor=api_world.tokens["perpetrator_side"].user,
        action="instrument.start",
        object_id=str(body["id"]),
    ).exists()
    # The joint checklist open on the case is answered, not started twice.
    again = send(client, "post", url(case), {"key": "risk-checklist"})
    assert again.status_code == 200
    assert again.json()["id"] == world.ids["risk"]
    # Her questionnaire is not his side's to start; a time point must be one of the protocol's.
    assert send(client, "post", url(case), {"key": "outcome-victim"}).status_code == 403
    bad = send(client, "post", url(case), {"key": "outcome-perpetrator", "time_point": "T9"})
    assert bad.status_code == 422
    assert "time_point" in bad.json()["detail"]
    assert send(api_world.client("unrelated"), "post", url(case), {"key": "x"}).status_code == 404


def test_answers_are_saved_through_the_form_with_the_version(api_world):
    world, case = api_world.world, api_world.world.case.pk
    risk_id = world.ids["risk"]
    path = url(case, f"/{risk_id}/answers")
    client = api_world.client("perpetrator_side")
    version = version_of(risk_id)
    body = {
        "version": version,
        "answers": {"A1": "yes", "A12": None},
        "child_answers": {str(world.ids["child"]): {"B1": "yes"}},
    }
    saved = send(client, "put", path, body)
    assert saved.status_code == 200, saved.content
    answers = answers_of(saved.json())
    assert answers["A1", None, "perpetrator_programme"] == "yes"
    assert answers["B1", world.ids["child"], "perpetrator_programme"] == "yes"
    assert ("A12", None, "perpetrator_programme") not in answers  # null clears it
    assert answers["A11", None, "perpetrator_programme"] == "no"  # left out: kept
    assert saved.json()["version"] == version + 1
    event = AuditEvent.objects.filter(
        actor=api_world.tokens["perpetrator_side"].user,
        action="instrument.answer",
        object_id=str(risk_id),
    ).get()
    assert event.fields == sorted(["A1", "A12", f"B1@child{world.ids['child']}"])
    # The version read before that save is stale now: 409 with the current one.
    stale = send(client, "put", path, {"version": version, "answers": {"A2": "yes"}})
    assert stale.status_code == 409
    assert stale.json()["version"] == version + 1
    current = {"version": version + 1}
    # A value the item does not take, and items this side does not answer: 422 naming them.
    bad = send(client, "put", path, {**current, "answers": {"A2": "maybe"}})
    assert bad.status_code == 422
    assert list(bad.json()["detail"]) == ["A2"]
    protected = send(client, "put", path, {**current, "answers": {"A5": "yes", "Z9": "yes"}})
    assert protected.status_code == 422
    assert set(protected.json()["detail"]) == {"A5", "Z9"}
    stranger = send(client, "put", path, {**current, "child_answers": {"999999": {"B1": "no"}}})
    assert stranger.status_code == 422
    with named_scope("test"):
        assert not Answer.objects.filter(administration_id=risk_id, item="A2").exists()
    # Her questionnaire is answered on her side only.
    outcome = url(case, f"/{world.ids['outcome_victim']}/answers")
    other = send(api_world.client("other_agency"), "put", outcome, {"version": 1, "answers": {}})
    assert other.status_code == 404
    assert send(api_world.client("coordinator"), "put", path, current).status_code == 403


def test_a_closed_case_takes_no_answers_and_starts_nothing(api_world):
    world, case = api_world.world, api_world.world.case.pk
    worker = world.people["victim_side"]
    case_services.close_case(
        actor=worker,
        access=access.case_for(worker, case),
        reason="completed",
        note="Closed for the test",
        expected_version=JointCase.objects.get(pk=case).version,
    )
    client = api_world.client("victim_side")
    version = version_of(world.ids["risk"])
    path = url(case, f"/{world.ids['risk']}/answers")
    answered = send(client, "put", path, {"version": version, "answers": {"A3": "yes"}})
    assert answered.status_code == 423
    assert send(client, "post", url(case), {"key": "safe-place"}).status_code == 423
    assert version_of(world.ids["risk"]) == version
    assert client.get(url(case, f"/{world.ids['risk']}")).status_code == 200
