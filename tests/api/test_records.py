"""Persons, the timeline and notes over the API: what each side reads is what its case page
shows; a note is written through the page's form and service, with its audit row."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from asap.cases import access, services
from asap.cases.enums import Compartment, ProtectedKind
from asap.cases.models import JointCase, TimelineEntry
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope

pytestmark = pytest.mark.django_db

VICTIM = {"victim_side", "partner_contact"}
MEMBERS = {*VICTIM, "perpetrator_side", "child_protection_lead", "other_agency"}


def url(case_id: int, rest: str) -> str:
    return f"/api/v1/cases/{case_id}/{rest}"


def leaked(api_world, body: bytes) -> list[str]:
    text = body.decode()
    return [c for c in api_world.world.canaries.values() if c in text]


def entries(client, path: str) -> tuple[list[dict], dict]:
    """Every item of every page of the timeline at `path`, and the first page's meta."""
    first = client.get(path).json()
    items = list(first["items"])
    for number in range(2, first["meta"]["pages"] + 1):
        sep = "&" if "?" in path else "?"
        items += client.get(f"{path}{sep}page={number}").json()["items"]
    return items, first["meta"]


def notes_of(case: int) -> int:
    with named_scope("test"):
        return TimelineEntry.objects.filter(case_id=case, kind="note").count()


def test_persons_show_a_name_only_to_the_side_that_may_read_it(api_world):
    world, case = api_world.world, api_world.world.case.pk
    response = api_world.client("victim_side").get(url(case, "persons"))
    assert response.status_code == 200
    persons = {p["id"]: p for p in response.json()}
    assert persons[world.ids["woman"]]["name"] == world.canaries["victim_name"]
    assert persons[world.ids["child"]]["name"] == world.canaries["child_name"]
    assert persons[world.ids["child"]]["gender"] == "female"
    assert persons[world.ids["child"]]["ready_to_assess"] is False
    assert [p["role"] for p in response.json()] == ["perpetrator", "victim", "child"]
    # Every other side: the labels, never her name nor the child's.
    for who in set(api_world.secrets) - VICTIM:
        response = api_world.client(who).get(url(case, "persons"))
        assert leaked(api_world, response.content) == [], who
        if who == "perpetrator_side":
            listed = {p["id"]: p for p in response.json()}
            woman = listed[world.ids["woman"]]
            assert (woman["name"], woman["name_visible"], woman["label"]) == (
                None,
                False,
                "The woman",
            )
            assert listed[world.ids["child"]]["year_of_birth"] == 2016
    statuses = {
        who: api_world.client(who).get(url(case, "persons")).status_code
        for who in ["unrelated", "coordinator", "dpo"]
    }
    assert statuses == {"unrelated": 404, "coordinator": 403, "dpo": 404}


def test_a_persons_protected_details_reach_the_victim_side_only(api_world):
    world, case = api_world.world, api_world.world.case.pk
    woman = url(case, f"persons/{world.ids['woman']}")
    response = api_world.client("victim_side").get(woman)
    assert response.status_code == 200
    details = {d["kind"]: d["value"] for d in response.json()["protected_details"]}
    assert details[ProtectedKind.ADDRESS] == world.canaries[ProtectedKind.ADDRESS]
    assert ProtectedKind.SCHOOL not in details  # the child's, not hers
    child = api_world.client("partner_contact").get(url(case, f"persons/{world.ids['child']}"))
    assert child.json()["protected_details"][0]["value"] == world.canaries[ProtectedKind.SCHOOL]
    token_user = api_world.tokens["victim_side"].user
    assert AuditEvent.objects.filter(
        actor=token_user, action="case.read", case_id=case, fields=["persons", "protected_details"]
    ).exists()
    for who in MEMBERS - VICTIM:
        response = api_world.client(who).get(woman)
        assert response.status_code in (200, 403), who
        assert leaked(api_world, response.content) == [], who
        if response.status_code == 200:
            assert response.json()["protected_details"] is None
    assert api_world.client("perpetrator_side").get(woman).json()["name"] is None
    assert api_world.client("unrelated").get(woman).status_code == 404
    assert api_world.client("victim_side").get(url(case, "persons/999999")).status_code == 404


def test_a_persons_read_leaves_one_audit_row_naming_what_it_read(api_world):
    world, case = api_world.world, api_world.world.case.pk
    reads = [
        ("victim_side", "persons", ["persons"]),
        ("victim_side", f"persons/{world.ids['woman']}", ["persons", "protected_details"]),
        ("perpetrator_side", f"persons/{world.ids['woman']}", ["persons"]),
        ("victim_side", "persons/999999", ["persons"]),  # the persons were read to look
    ]
    for who, path, fields in reads:
        last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
        status = api_world.client(who).get(url(case, path)).status_code
        added = AuditEvent.objects.filter(pk__gt=last, case_id=case).order_by("pk")
        refused = "999999" in path  # and its refusal's row (asap.core.refusals)
        assert status == (404 if refused else 200), path
        actor = api_world.tokens[who].user.pk
        assert list(added.values_list("actor", "action", "fields")) == [
            (actor, "case.read", fields),
            *([(actor, "access.refused", ["404", "GET"])] if refused else []),
        ], path


def test_the_timeline_holds_what_each_side_may_read(api_world):
    world, case = api_world.world, api_world.world.case.pk
    notes = world.ids
    items, meta = entries(api_world.client("victim_side"), url(case, "timeline"))
    assert meta["pages"] == 2  # 50 per page
    ids = [item["id"] for item in items]
    assert {notes["note_protected"], notes["note_victim"], notes["note_joint"]} <= set(ids)
    assert notes["note_perpetrator"] not in ids
    ats = [item["at"] for item in items]
    assert ats == sorted(ats, reverse=True)  # newest first, as the page
    assert meta["count"] == len(set(ids)) == len(ids)
    shared = next(i for i in items if i["id"] == notes["note_shared"])
    assert shared["shares"][0]["with_side"] == "perpetrator"
    assert shared["may_share"] is True
    perpetrator, _meta = entries(api_world.client("perpetrator_side"), url(case, "timeline"))
    seen = {item["id"]: item for item in perpetrator}
    assert notes["note_perpetrator"] in seen
    assert notes["note_shared"] in seen
    assert notes["note_victim"] not in seen
    assert notes["note_protected"] not in seen
    assert seen[notes["note_shared"]]["body"] == "SHARED-NOTE-BODY-aa01"
    assert seen[notes["note_shared"]]["may_edit"] is False
    for who in set(api_world.secrets) - VICTIM:
        response = api_world.client(who).get(url(case, "timeline"))
        if who not in MEMBERS and not who.startswith("coordinator"):
            assert response.status_code == 404, who
        assert leaked(api_world, response.content) == [], who
        assert b"VICTIM-NOTE-BODY-91c2" not in response.content, who
    # Filters: within what the caller reads; a compartment it does not read is refused.
    only_notes, _meta = entries(api_world.client("victim_side"), url(case, "timeline?kind=note"))
    assert {i["kind"] for i in only_notes} == {"note"}
    protected = url(case, "timeline?compartment=protected")
    mine = api_world.client("victim_side").get(protected).json()["items"]
    assert notes["note_protected"] in [i["id"] for i in mine]
    assert {i["compartment"] for i in mine} == {"protected"}
    refused = api_world.client("perpetrator_side").get(protected)
    assert refused.status_code == 422
    assert "compartment" in refused.json()["detail"]
    assert api_world.client("unrelated").get(url(case, "timeline")).status_code == 404
    assert api_world.client("coordinator").get(url(case, "timeline")).status_code == 403


def test_the_timeline_costs_the_same_queries_at_any_number_of_entries(api_world):
    world, case = api_world.world, api_world.world.case
    client = api_world.client("perpetrator_side")
    client.get(url(case.pk, "timeline"))  # the token's first use of the minute

    def counted() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(case.pk, "timeline")).status_code == 200
        return len(queries)

    before = counted()
    worker = world.people["perpetrator_side"]
    pp_access = access.case_for(worker, case.pk)
    for number in range(12):
        note = services.add_note(
            actor=worker,
            access=pp_access,
            title=f"Session {number}",
            body="Group work",
            compartment=Compartment.PERPETRATOR,
        )
        services.share_entry(
            actor=worker, access=pp_access, entry=note, with_side="victim", purpose="Safety"
        )
    assert counted() == before


def test_a_note_is_read_by_the_sides_that_read_it_and_no_one_else(api_world):
    world, case = api_world.world, api_world.world.case.pk
    protected = url(case, f"notes/{world.ids['note_protected']}")
    response = api_world.client("victim_side").get(protected)
    assert response.status_code == 200
    assert response.json()["body"] == world.canaries["protected_note"]
    assert response.json()["may_edit"] is True
    for who in set(api_world.secrets) - VICTIM:
        response = api_world.client(who).get(protected)
        assert response.status_code in (403, 404), who
        assert leaked(api_world, response.content) == [], who
    perpetrator = api_world.client("perpetrator_side")
    assert perpetrator.get(url(case, f"notes/{world.ids['note_victim']}")).status_code == 404
    shared = perpetrator.get(url(case, f"notes/{world.ids['note_shared']}"))
    assert shared.json()["shares"][0]["purpose"].startswith("So the programme")
    with named_scope("test"):
        event = TimelineEntry.objects.filter(case_id=case).exclude(kind="note")
        event_id = event.values_list("pk", flat=True).first()
    assert api_world.client("victim_side").get(url(case, f"notes/{event_id}")).status_code == 404


def post(client, path: str, body: dict):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def test_a_note_is_written_through_the_form_and_the_service(api_world):
    world, case = api_world.world, api_world.world.case.pk
    notes = url(case, "notes")
    before = notes_of(case)
    body = {"title": "Call with the police", "body": "Agreed a check", "compartment": "joint"}
    response = post(api_world.client("other_agency"), notes, body)
    assert response.status_code == 201
    created = response.json()
    with named_scope("test"):
        entry = TimelineEntry.objects.filter(pk=created["id"]).values("kind", "compartment").get()
    assert entry == {"kind": "note", "compartment": "joint"}
    assert created["organisation"] == "Police (world)"
    token_user = api_world.tokens["other_agency"].user
    assert AuditEvent.objects.filter(
        actor=token_user, action="note.add", object_id=str(created["id"]), case_id=case
    ).exists()
    # Every member reads a joint note.
    read = api_world.client("victim_side").get(url(case, f"notes/{created['id']}"))
    assert read.json()["title"] == "Call with the police"
    # A compartment the side does not write, joint text naming her, a missing field: 422.
    refused = post(api_world.client("perpetrator_side"), notes, {**body, "compartment": "victim"})
    assert refused.status_code == 422
    assert "compartment" in refused.json()["detail"]
    naming = {**body, "body": f"Met {world.canaries['victim_name']} today"}
    refused = post(api_world.client("victim_side"), notes, naming)
    assert refused.status_code == 422
    assert "body" in refused.json()["detail"]
    assert world.canaries["victim_name"] not in refused.content.decode()
    missing = post(api_world.client("victim_side"), notes, {"body": "x", "compartment": "joint"})
    assert missing.status_code == 422
    assert "title" in missing.content.decode()
    assert post(api_world.client("unrelated"), notes, body).status_code == 404
    assert post(api_world.client("coordinator"), notes, body).status_code == 403
    assert notes_of(case) == before + 1


def test_a_closed_case_takes_no_note(api_world):
    world, case = api_world.world, api_world.world.case.pk
    worker = world.people["victim_side"]
    services.close_case(
        actor=worker,
        access=access.case_for(worker, case),
        reason="completed",
        note="Closed for the test",
        expected_version=JointCase.objects.get(pk=case).version,
    )
    before = notes_of(case)
    body = {"title": "Late", "body": "After closing", "compartment": "joint"}
    response = post(api_world.client("victim_side"), url(case, "notes"), body)
    assert response.status_code == 423
    assert notes_of(case) == before
    # Reading goes on.
    assert api_world.client("victim_side").get(url(case, "timeline")).status_code == 200


def test_a_restricted_case_takes_no_note_nor_answers(api_world):
    from tests.dataprotection.test_restriction import restrict

    world, case = api_world.world, api_world.world.case.pk
    assert restrict(world).status_code == 302
    before = notes_of(case)
    client = api_world.client("perpetrator_side")
    body = {"title": "While restricted", "body": "Nothing", "compartment": "joint"}
    refused = post(client, url(case, "notes"), body)
    assert refused.status_code == 423
    assert "restricted" in refused.json()["detail"]
    answers = url(case, f"administrations/{world.ids['risk']}/answers")
    put = client.put(
        answers,
        data=json.dumps({"version": 1, "answers": {"A1": "yes"}}),
        content_type="application/json",
    )
    assert put.status_code == 423
    assert notes_of(case) == before
    assert client.get(url(case, "timeline")).status_code == 200
