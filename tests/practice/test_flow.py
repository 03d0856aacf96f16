"""A trainee's attempt, through the pages: the real checklist scored by the real rule, action
rows with term and status, the IT safety plan, handing in; every page carries the banner and
every write leaves an audit row that names no real case."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asap.core.models import AuditEvent
from asap.practice import casebook, queries, services
from asap.practice.models import AttemptStatus, PracticeAction, PracticeAttempt
from tests.practice.conftest import start

pytestmark = pytest.mark.django_db
BANNER = "Practice — fictional case, not real data"


def url(name, *args):
    return reverse(f"practice:{name}", args=args)


def levels(attempt):
    """The levels the rule gives for the attempt's stored answers (as the pages show them)."""
    return queries.levels_of(queries.definition_of(attempt), queries.answers_of(attempt))


def checklist(attempt, **answers):
    return {"version": attempt.version, **{f"item_{k}": v for k, v in answers.items()}}


def test_starting_an_attempt_from_the_case_page(trainee, signed_in_client):
    client = signed_in_client(trainee)
    page = client.get(url("case", "m4-flood-evacuation")).content.decode()
    assert "Amina Quint" in page
    assert "river flood" in page
    response = client.post(url("start", "m4-flood-evacuation"))
    attempt = PracticeAttempt.objects.get(trainee=trainee)
    assert response.status_code == 302
    assert response["Location"] == url("attempt", attempt.pk)
    assert attempt.case_key == "m4-flood-evacuation"
    assert (attempt.definition_key, attempt.definition_version) == ("risk-checklist", 1)


def test_checklist_answers_are_scored_with_the_real_rule(trainee, signed_in_client):
    attempt = start(trainee)
    client = signed_in_client(trainee)
    # Three non-specific indicators for her: intermediate; one serious for the children: high.
    data = checklist(attempt, A11="yes", A12="yes", A13="yes", A1="no", B6="yes")
    response = client.post(url("checklist", attempt.pk), data)
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert levels(attempt) == {"A": "intermediate", "B": "high"}
    assert dict(
        attempt.answers.filter(item_key__in=["A1", "A11"]).values_list("item_key", "value")
    ) == {
        "A1": "no",
        "A11": "yes",
    }
    # One serious indicator for her raises Section A to high.
    response = client.post(url("checklist", attempt.pk), checklist(attempt, A1="yes", B6="no"))
    attempt.refresh_from_db()
    assert levels(attempt) == {"A": "high", "B": "low"}
    assert attempt.answers.get(item_key="A1").value == "yes"  # saved again: updated
    page = client.get(url("attempt", attempt.pk)).content.decode()
    assert "<strong>High</strong>" in page


def save_queries(attempt, trainee, answers) -> int:
    attempt.refresh_from_db()
    with CaptureQueriesContext(connection) as captured:
        services.save_answers(
            actor=trainee,
            attempt=attempt,
            answers=answers,
            expected_version=attempt.version,
        )
    return len(captured)


def test_saving_the_checklist_runs_the_same_queries_for_one_item_and_all(trainee):
    attempt = start(trainee)
    everything = {item.key: "no" for item in casebook.get(attempt.case_key).definition().items}
    one = save_queries(attempt, trainee, {"A1": "yes"})
    assert save_queries(attempt, trainee, everything) == one
    assert save_queries(attempt, trainee, everything) == one  # updating, not adding
    assert attempt.answers.count() == len(everything)
    assert attempt.answers.get(item_key="A1").value == "no"


def test_the_pages_read_the_checklist_the_attempt_was_started_on(
    trainee, trainer, signed_in_client
):
    attempt = start(trainee)
    # As if the case file had since moved to another checklist: the attempt keeps its own.
    PracticeAttempt.objects.filter(pk=attempt.pk).update(definition_key="digital-violence")
    client = signed_in_client(trainee)
    page = client.get(url("checklist", attempt.pk)).content.decode()
    assert "Digital-violence identification" in page
    assert "He has strangled or choked her" not in page
    services.submit_attempt(actor=trainee, attempt=PracticeAttempt.objects.get(pk=attempt.pk))
    compare = signed_in_client(trainer).get(url("compare", attempt.pk)).content.decode()
    assert "He has strangled or choked her" not in compare


def test_an_action_takes_only_the_columns_of_the_plan(trainee):
    with pytest.raises(TypeError):
        services.add_action(
            actor=trainee,
            attempt=start(trainee),
            need="n",
            action="a",
            term=datetime.date(2026, 12, 1),
            responsible="r",
            compartment="joint",
        )


def test_a_stale_checklist_save_answers_409_with_the_input_kept(trainee, signed_in_client):
    attempt = start(trainee)
    client = signed_in_client(trainee)
    stale = checklist(attempt, A2="yes")
    client.post(url("checklist", attempt.pk), checklist(attempt, A3="yes"))
    response = client.post(url("checklist", attempt.pk), stale)
    assert response.status_code == 409
    body = response.content.decode()
    assert 'value="yes" id="id_item_A2_0" checked' in body
    assert "changed in another tab" in body
    attempt.refresh_from_db()
    assert levels(attempt) == {"A": "high", "B": "low"}  # A3's save, not the stale one


def test_action_rows_have_a_term_and_a_status(trainee, signed_in_client):
    attempt = start(trainee)
    client = signed_in_client(trainee)
    response = client.post(
        url("action_add", attempt.pk),
        {
            "need": "A separate place in the shelter",
            "action": "Ask the crisis team",
            "term": "2026-12-01",
            "responsible": "VSS with the crisis team",
        },
    )
    assert response.status_code == 302
    item = PracticeAction.objects.get(attempt=attempt)
    assert (item.term, item.status) == (datetime.date(2026, 12, 1), "open")
    edit = {
        "need": item.need,
        "action": item.action,
        "term": "2026-12-03",
        "responsible": item.responsible,
        "status": "dropped",
        "dropped_reason": "",
        "version": item.version,
    }
    refused = client.post(url("action_edit", attempt.pk, item.pk), edit)
    assert refused.status_code == 400
    assert "Say why the action was dropped." in refused.content.decode()
    edit |= {"status": "in_progress"}
    assert client.post(url("action_edit", attempt.pk, item.pk), edit).status_code == 302
    item.refresh_from_db()
    assert (item.term, item.status) == (datetime.date(2026, 12, 3), "in_progress")
    page = client.get(url("actions", attempt.pk)).content.decode()
    assert "A separate place in the shelter" in page
    assert "In progress" in page


def test_the_it_safety_plan_takes_every_area_and_measure(trainee, signed_in_client):
    attempt = start(trainee)
    client = signed_in_client(trainee)
    page = client.get(url("safety", attempt.pk)).content.decode()
    for title in [
        "Stopping violence",
        "use of a safe device",
        "individuation of a safe communication channel",
    ]:
        assert title in page
    data = {
        "version": 1,
        "stopping_violence": "Separate sleeping area",
        "safe_channel": "Code word with the counsellor",
        "stalkerware_found": "suspected",
        "stalkerware_decision": "",
    }
    refused = client.post(url("safety", attempt.pk), data)
    assert refused.status_code == 400
    assert "Record what was decided about the stalkerware" in refused.content.decode()
    data |= {"stalkerware_decision": "professional", "stalkerware_reason": "Evidence first"}
    assert client.post(url("safety", attempt.pk), data).status_code == 302
    plan = attempt.safety_plan
    plan.refresh_from_db()
    assert (plan.safe_channel, plan.stalkerware_decision) == (
        "Code word with the counsellor",
        "professional",
    )


def test_a_handed_in_attempt_is_read_only(trainee, signed_in_client):
    attempt = start(trainee)
    client = signed_in_client(trainee)
    assert client.post(url("submit", attempt.pk)).status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.submitted_at is not None
    refused = client.post(url("checklist", attempt.pk), checklist(attempt, A1="yes"))
    assert refused.status_code == 400
    assert "kept as handed in" in refused.content.decode()
    attempt.refresh_from_db()
    assert levels(attempt) == {}
    assert "disabled" in client.get(url("safety", attempt.pk)).content.decode()


def test_every_write_is_audited_without_a_real_case(trainee, signed_in_client):
    attempt = start(trainee)
    client = signed_in_client(trainee)
    client.post(url("checklist", attempt.pk), checklist(attempt, A1="yes"))
    client.post(url("submit", attempt.pk))
    rows = AuditEvent.objects.filter(
        object_type="practice.practiceattempt", object_id=str(attempt.pk)
    )
    organisation = trainee.active_memberships[0].organisation_id
    fields = ("action", "case_id", "actor_id", "organisation_id")
    assert list(rows.order_by("seq").values_list(*fields)) == [
        ("practice.attempt_started", None, trainee.pk, organisation),
        ("practice.checklist_saved", None, trainee.pk, organisation),
        ("practice.attempt_submitted", None, trainee.pk, organisation),
    ]


def test_every_practice_page_carries_the_banner(trainee, trainer, signed_in_client):
    attempt = start(trainee)
    item = PracticeAction.objects.create(
        attempt=attempt, need="n", action="a", term=datetime.date(2026, 1, 1), responsible="r"
    )
    pages = [
        url("list"),
        url("case", "m1-economic-control"),
        url("attempt", attempt.pk),
        url("checklist", attempt.pk),
        url("actions", attempt.pk),
        url("action_add", attempt.pk),
        url("action_edit", attempt.pk, item.pk),
        url("safety", attempt.pk),
    ]
    client = signed_in_client(trainee)
    for page in pages:
        response = client.get(page)
        assert (page, response.status_code) == (page, 200)
        assert BANNER in response.content.decode()
    coach = signed_in_client(trainer)
    # Until the trainee hands in, the attempt is theirs alone: the trainer finds nothing.
    assert coach.get(url("compare", attempt.pk)).status_code == 404
    services.submit_attempt(actor=trainee, attempt=attempt)
    for page in [
        url("review"),
        url("compare", attempt.pk),
        url("reference", "m4-flood-evacuation"),
    ]:
        response = coach.get(page)
        assert (page, response.status_code) == (page, 200)
        assert BANNER in response.content.decode()


def test_only_trainees_and_trainers_practise(vss_worker, signed_in_client, trainee):
    attempt = start(trainee)
    client = signed_in_client(vss_worker)
    assert client.get(url("list")).status_code == 403
    assert client.get(url("attempt", attempt.pk)).status_code == 403
    assert client.post(url("start", "m1-economic-control")).status_code == 403
    assert PracticeAttempt.objects.count() == 1
