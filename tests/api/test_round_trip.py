"""One resource of each kind through the hand-written client (tests/api/client.py): read,
and where the API writes, written and read back — as an agency's system would use it."""

import pytest

from asap.accounts.enums import Role
from asap.training.models import TrainingEvent
from tests.api.client import ApiClient, ApiError
from tests.api.conftest import issue
from tests.api.crawl_plans import ACTION, EPISODE

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelter(api_world):
    """The victim-support service's own system: a case worker's token, a member of the case."""
    return ApiClient(api_world.secrets["victim_side"])


@pytest.fixture
def programme(api_world):
    return ApiClient(api_world.secrets["perpetrator_side"])


def test_cases(api_world, shelter):
    case = api_world.world.case
    assert [c["code"] for c in shelter.pages("/cases")] == [case.code]
    assert shelter.get(f"/cases/{case.pk}")["code"] == case.code
    with pytest.raises(ApiError) as refused:
        ApiClient(api_world.secrets["unrelated"]).get(f"/cases/{case.pk}")
    assert refused.value.status == 404


def test_persons_notes_and_the_timeline(api_world, shelter, programme):
    case = api_world.world.case.pk
    persons = shelter.get(f"/cases/{case}/persons")
    woman = next(p for p in persons if p["role"] == "victim")
    assert woman["name"] == api_world.world.canaries["victim_name"]
    assert shelter.get(f"/cases/{case}/persons/{woman['id']}")["protected_details"]
    note = programme.post(
        f"/cases/{case}/notes",
        {"title": "Group session", "body": "He attended and spoke", "compartment": "joint"},
    )
    assert programme.get(f"/cases/{case}/notes/{note['id']}")["body"] == "He attended and spoke"
    assert note["id"] in [e["id"] for e in shelter.pages(f"/cases/{case}/timeline")]


def test_instruments_and_administrations(api_world, shelter):
    case = api_world.world.case.pk
    keys = {d["key"] for d in shelter.get("/instruments")}
    assert "risk-checklist" in keys
    listed = shelter.get(f"/cases/{case}/administrations")
    safe_place = next(a for a in listed["items"] if a["id"] == api_world.world.ids["safe_place"])
    path = f"/cases/{case}/administrations/{safe_place['id']}"
    before = shelter.get(path)
    answer = {"version": before["version"], "answers": {"fear": "no"}}
    saved = shelter.put(f"{path}/answers", answer)
    assert saved["version"] == before["version"] + 1
    assert shelter.get(path)["version"] == saved["version"]
    with pytest.raises(ApiError) as stale:
        shelter.put(f"{path}/answers", {"version": before["version"], "answers": {"fear": "yes"}})
    assert stale.value.status == 409
    assert stale.value.body["version"] == saved["version"]


def test_the_action_plan(api_world, programme):
    case = api_world.world.case.pk
    added = programme.post(f"/cases/{case}/plan/actions", ACTION)
    updated = programme.put(
        f"/cases/{case}/plan/actions/{added['id']}",
        {"version": added["version"], "status": "in_progress"},
    )
    assert updated["status"] == "in_progress"
    rows = programme.get(f"/cases/{case}/plan")["items"]
    assert next(r for r in rows if r["id"] == added["id"])["status"] == "in_progress"


def test_episodes(api_world, programme):
    case = api_world.world.case.pk
    recorded = programme.post(f"/cases/{case}/episodes", EPISODE)
    assert programme.get(f"/cases/{case}/episodes/{recorded['id']}")["note"] == EPISODE["note"]


def test_meetings_and_agreements(api_world, programme):
    case = api_world.world.case.pk
    meetings = programme.get(f"/cases/{case}/meetings")["items"]
    assert meetings
    meeting = programme.get(f"/cases/{case}/meetings/{meetings[0]['id']}")
    assert meeting["ics_url"].endswith(".ics")
    calendar = programme.download(f"/cases/{case}/meetings/{meeting['id']}/ics")
    assert calendar.headers["content-type"].startswith("text/calendar")
    assert calendar.text.startswith("BEGIN:VCALENDAR")
    case_agreements = programme.get(f"/cases/{case}/agreements")
    assert case_agreements["meta"]["count"] == len(case_agreements["items"])
    coordinator = ApiClient(api_world.secrets["coordinator"])
    assert coordinator.get("/agreements")["items"]


def test_training_and_certificates(api_world):
    event = TrainingEvent.objects.get(pk=api_world.world.ids["training_event"])
    _token, secret = issue(event.organisation, Role.TRAINER, name="Training records")
    trainer = ApiClient(secret)
    assert [e["id"] for e in trainer.pages("/training/events")] == [event.pk]
    attendance = trainer.get(f"/training/events/{event.pk}/attendance")
    participants = trainer.pages(f"/training/events/{event.pk}/participants")
    assert participants
    with pytest.raises(ApiError) as unknown:
        trainer.get("/certificates/NO-SUCH-CODE")
    assert unknown.value.status == 404
    attended = {row["participant_id"] for row in attendance["items"]}
    assert attended == {p["id"] for p in participants}
    assert len(attendance["sessions"]) == event.sessions.count()


def test_evaluation_figures_and_the_work_inbox(api_world, shelter):
    coordinator = ApiClient(api_world.secrets["coordinator"])
    assert coordinator.get("/evaluation/figures")
    with pytest.raises(ApiError) as refused:
        shelter.get("/evaluation/figures")
    assert refused.value.status == 403
    assert isinstance(shelter.pages("/work/inbox"), list)
