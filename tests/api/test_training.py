"""Training through the API: the events pages' door (a trainer of the event's organisation;
403 for any other role, 404 for another organisation's event), attendance written through the
service with its audit row, 422 for a pair not of the event, and certificate verification
answering what the public verify page shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from asap.accounts.enums import Role
from asap.core.models import AuditEvent
from asap.training.enums import RegisteredBy
from asap.training.models import Attendance, Certificate, TrainingEvent
from tests.api.conftest import api_client, issue
from tests.api.crawl_training import operations
from tests.factories import OrganisationFactory, persona

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(api_world):
    return TrainingEvent.objects.get(pk=api_world.world.ids["training_event"])


@pytest.fixture
def trainer(event):
    """A token of the event's organisation in the trainer's role."""
    token, secret = issue(event.organisation, Role.TRAINER, name="Training records")
    client = api_client(secret)
    client.token = token
    return client


def url(path: str, **params) -> str:
    return "/api/v1" + path.format(**params)


def test_a_trainer_lists_and_reads_its_organisations_events(api_world, event, trainer):
    listed = trainer.get(url("/training/events")).json()
    assert [item["id"] for item in listed["items"]] == [event.pk]
    assert listed["items"][0]["sessions"] == event.sessions.count() == 2
    assert listed["meta"] == {"count": 1, "page": 1, "pages": 1}
    detail = trainer.get(url("/training/events/{e}", e=event.pk)).json()
    assert detail["title"] == "World training event"
    assert detail["format"] == "online"
    assert detail["link"] == "https://meet.example.org/world-training"
    assert detail["room_left"] == 29
    assert [s["module_key"] for s in detail["sessions"]] == [
        "gender-based-violence",
        "child-protection",
    ]
    assert detail["registration_url"].endswith(f"/register/{event.registration_token}/")


def test_participants_as_the_event_page_lists_them_without_their_email(api_world, event, trainer):
    response = trainer.get(url("/training/events/{e}/participants", e=event.pk))
    assert response.status_code == 200
    (item,) = response.json()["items"]
    certificate = Certificate.objects.get(
        participant_id=api_world.world.ids["training_participant"]
    )
    assert item["name"] == "World participant"
    assert item["profile"] == "psychologist"
    assert item["certificate_code"] == certificate.code
    # She attended one of the two sessions: the first module in full.
    assert item["modules_in_full"] == ["gender-based-violence"]
    assert "participant@example.org" in event.participants.get().email  # planted...
    assert "participant@example.org" not in response.content.decode()  # ...and not sent


def test_the_participant_list_costs_the_same_queries_at_any_size(event, trainer):
    from asap.training import services

    path = url("/training/events/{e}/participants", e=event.pk)

    def queries_for_page() -> int:
        trainer.get(path)  # the token's last use is written once a minute, not counted
        with CaptureQueriesContext(connection) as captured:
            assert trainer.get(path).status_code == 200
        return len(captured)

    before = queries_for_page()
    for n in range(5):
        services.register_participant(
            actor=None,
            event=event,
            by=RegisteredBy.SELF,
            name=f"Added {n}",
            email="",
            profile="other",
            agency_kind="police",
            country="GR",
        )
    assert queries_for_page() == before


def test_every_other_role_gets_403_and_no_canary(api_world):
    """No persona of the world is a trainer: each token is refused as the pages refuse it."""
    ops = operations(api_world.world)
    for who in api_world.secrets:
        client = api_world.client(who)
        for name, op in ops.items():
            if name == "certificate_verify":
                continue
            path = url(PATHS[name], **op["path"])
            if op["method"] == "get":
                response = client.get(path)
            else:
                response = client.put(path, op["body"], content_type="application/json")
            assert response.status_code == 403, (who, name)
            body = response.content.decode()
            assert not any(c in body for c in api_world.world.canaries.values()), (who, name)


def test_a_trainer_of_another_organisation_gets_404(event):
    other = OrganisationFactory(name="Another academy")
    persona(Role.TRAINER, other)
    _token, secret = issue(other, Role.TRAINER)
    client = api_client(secret)
    assert client.get(url("/training/events")).json()["items"] == []
    for path in ["/training/events/{e}", "/training/events/{e}/participants"]:
        assert client.get(url(path, e=event.pk)).status_code == 404
    attendance = url("/training/events/{e}/attendance", e=event.pk)
    assert client.get(attendance).status_code == 404
    response = client.put(attendance, {"present": []}, content_type="application/json")
    assert response.status_code == 404
    assert Attendance.objects.filter(session__event=event).count() == 1


def test_recording_attendance_writes_through_the_service_with_its_audit_row(
    api_world, event, trainer
):
    participant = api_world.world.ids["training_participant"]
    sessions = list(event.sessions.values_list("pk", flat=True))
    path = url("/training/events/{e}/attendance", e=event.pk)
    assert trainer.get(path).json()["items"] == [
        {
            "participant_id": participant,
            "name": "World participant",
            "sessions_attended": [sessions[0]],
        }
    ]
    body = {"present": [{"participant_id": participant, "session_id": s} for s in sessions]}
    response = trainer.put(path, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["items"][0]["sessions_attended"] == sessions
    assert set(
        Attendance.objects.filter(session__event=event).values_list("session_id", flat=True)
    ) == set(sessions)
    row = AuditEvent.objects.filter(action="training.attendance.record").latest("seq")
    assert row.actor_id == trainer.token.user_id
    assert row.object_id == str(event.pk)
    # An empty list: everyone absent (as unticking every box on the page).
    response = trainer.put(path, {"present": []}, content_type="application/json")
    assert response.json()["items"][0]["sessions_attended"] == []
    assert not Attendance.objects.filter(session__event=event).exists()


def test_a_pair_not_of_the_event_or_a_malformed_body_gets_422_naming_the_field(
    api_world, event, trainer
):
    participant = api_world.world.ids["training_participant"]
    path = url("/training/events/{e}/attendance", e=event.pk)
    before = set(Attendance.objects.values_list("pk", flat=True))
    audited = AuditEvent.objects.filter(action="training.attendance.record").count()
    body = {"present": [{"participant_id": participant, "session_id": 999999}]}
    response = trainer.put(path, body, content_type="application/json")
    assert response.status_code == 422
    assert "present" in response.json()["detail"]
    response = trainer.put(path, {"present": "everyone"}, content_type="application/json")
    assert response.status_code == 422
    assert "present" in response.content.decode()
    assert set(Attendance.objects.values_list("pk", flat=True)) == before
    assert AuditEvent.objects.filter(action="training.attendance.record").count() == audited


def test_any_token_verifies_a_code_as_the_public_page_does(api_world):
    certificate = Certificate.objects.get(
        participant_id=api_world.world.ids["training_participant"]
    )
    for who in ["unrelated", "victim_side", "trainee", "coordinator"]:
        client = api_world.client(who)
        response = client.get(url("/certificates/{c}", c=certificate.code.lower()))
        assert response.status_code == 200, who
        assert response.json() == {
            "code": certificate.code,
            "name": "World participant",
            "modules": certificate.modules,
            "event_title": "World training event",
            "event_date": certificate.event_date.isoformat(),
        }
        assert client.get(url("/certificates/{c}", c="NOSUCHCODE")).status_code == 404


PATHS = {
    "training_event_list": "/training/events",
    "training_event": "/training/events/{event_id}",
    "training_participant_list": "/training/events/{event_id}/participants",
    "training_attendance": "/training/events/{event_id}/attendance",
    "training_attendance_record": "/training/events/{event_id}/attendance",
    "certificate_verify": "/certificates/{code}",
}
