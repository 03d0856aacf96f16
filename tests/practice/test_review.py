"""The trainer's review: each trainee's answers beside the reference answers, and who may see
which attempt (another organisation's trainer and another trainee see nothing: 404)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from asap.accounts.enums import Role
from asap.instruments.definition import YES
from asap.practice import casebook, services
from asap.practice.models import PracticeAction
from tests.factories import persona
from tests.practice.conftest import start

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"practice:{name}", args=args)


def answer(attempt, actor, **answers):
    services.save_answers(
        actor=actor,
        attempt=attempt,
        answers=answers,
        expected_version=attempt.version,
    )


def row_of(page: str, item_text: str) -> str:
    start_at = page.index(item_text)
    return page[start_at : page.index("</tr>", start_at)]


def test_the_trainer_sees_each_answer_beside_the_reference(trainee, trainer, signed_in_client):
    attempt = start(trainee, "m4-flood-evacuation")  # reference: A2 yes, A3 don't know, A1 no
    answer(attempt, trainee, A1="yes", A2="yes", A3="no")
    services.add_action(
        actor=trainee,
        attempt=attempt,
        need="TRAINEE-NEED-shelter",
        action="Ask the crisis team",
        term=datetime.date(2026, 12, 1),
        responsible="VSS",
    )
    services.submit_attempt(actor=trainee, attempt=attempt)
    page = signed_in_client(trainer).get(url("compare", attempt.pk)).content.decode()
    strangled = row_of(page, "He has strangled or choked her")
    assert "<td>Yes</td>\n        <td>No</td>" in strangled
    assert "differs" in strangled
    threatened = row_of(page, "He has threatened to kill her")
    assert "<td>Yes</td>\n        <td>Yes</td>" in threatened
    assert "match" in threatened
    weapon = row_of(page, "He has used or threatened her with a weapon")
    assert "<td>No</td>\n        <td>Don&#x27;t know</td>" in weapon
    unanswered = row_of(page, "The violence is escalating")
    assert "not answered" in unanswered
    # Levels: the trainee's rule level beside the reference level.
    levels = row_of(page, "Section B: risks for the children</th>")
    assert "<td>Low</td>" in levels
    assert "<td>Intermediate</td>" in levels
    assert "differs" in levels
    assert "TRAINEE-NEED-shelter" in page
    assert "A separate place for her and the children" not in page  # reference wording differs
    assert "Agree with the crisis coordination group" in page  # the reference action plan
    assert "The emergency phone, kept by the shelter nurse" in page  # reference safety plan


def test_the_review_lists_only_the_trainers_own_organisations_trainees(
    trainee, trainer, foreign_trainer, signed_in_client
):
    mine = start(trainee)
    stranger = persona(Role.TRAINEE)  # a trainee of another organisation
    theirs = start(stranger)
    for attempt, actor in ((mine, trainee), (theirs, stranger)):
        services.submit_attempt(actor=actor, attempt=attempt)
    page = signed_in_client(trainer).get(url("review")).content.decode()
    assert url("compare", mine.pk) in page
    assert url("compare", theirs.pk) not in page
    foreign = signed_in_client(foreign_trainer)
    assert foreign.get(url("compare", mine.pk)).status_code == 404
    assert url("compare", mine.pk) not in foreign.get(url("review")).content.decode()


def test_a_trainee_cannot_see_another_trainees_attempt(trainee, second_trainee, signed_in_client):
    attempt = start(trainee)
    services.add_action(
        actor=trainee,
        attempt=attempt,
        need="FIRST-TRAINEE-NEED",
        action="a",
        term=datetime.date(2026, 12, 1),
        responsible="r",
    )
    item = PracticeAction.objects.get(attempt=attempt)
    client = signed_in_client(second_trainee)
    for address in [
        url("attempt", attempt.pk),
        url("checklist", attempt.pk),
        url("actions", attempt.pk),
        url("action_edit", attempt.pk, item.pk),
        url("safety", attempt.pk),
    ]:
        response = client.get(address)
        assert (address, response.status_code) == (address, 404)
    assert client.post(url("submit", attempt.pk)).status_code == 404
    assert "FIRST-TRAINEE-NEED" not in client.get(url("list")).content.decode()
    # Nor the trainer's pages: the comparison is the trainer's alone.
    assert client.get(url("compare", attempt.pk)).status_code == 403
    assert client.get(url("review")).status_code == 403
    assert client.get(url("reference", "m1-economic-control")).status_code == 403


def test_the_reference_key_is_complete(trainer, signed_in_client):
    page = signed_in_client(trainer).get(url("reference", "m3-stalkerware")).content.decode()
    case = casebook.get("m3-stalkerware")
    definition = case.definition()
    for key, value in case.reference_answers.items():
        if value == YES:
            assert f"{key} — {escape(definition.item(key).label())}" in page
    assert "Left in place until the evidence is secured" in page


def test_the_trainer_sees_an_attempt_only_once_it_is_handed_in(trainee, trainer, signed_in_client):
    attempt = start(trainee, "m4-flood-evacuation")
    answer(attempt, trainee, A1="yes")
    client = signed_in_client(trainer)
    assert url("compare", attempt.pk) not in client.get(url("review")).content.decode()
    assert client.get(url("compare", attempt.pk)).status_code == 404
    services.submit_attempt(actor=trainee, attempt=attempt)
    assert url("compare", attempt.pk) in client.get(url("review")).content.decode()
    assert client.get(url("compare", attempt.pk)).status_code == 200


def handed_in(trainee):
    attempt = start(trainee)
    services.submit_attempt(actor=trainee, attempt=attempt)
    return attempt


def review_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url("review"))
    assert response.status_code == 200
    return len(captured)


def test_the_review_list_runs_the_same_queries_with_one_and_three_attempts(
    academy, trainer, signed_in_client
):
    client = signed_in_client(trainer)
    attempts = [handed_in(persona(Role.TRAINEE, academy))]
    one = review_queries(client)
    attempts += [handed_in(persona(Role.TRAINEE, academy)) for _ in range(2)]
    assert review_queries(client) == one
    page = client.get(url("review")).content.decode()
    assert [url("compare", a.pk) in page for a in attempts] == [True, True, True]


def list_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url("list"))
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_trainees_list_runs_the_same_queries_with_one_and_three_attempts(
    trainee, signed_in_client
):
    client = signed_in_client(trainee)
    attempts = [start(trainee, "m1-economic-control")]
    one, _page = list_queries(client)
    attempts += [start(trainee, "m2-custody-threats"), start(trainee, "m3-stalkerware")]
    three, page = list_queries(client)
    assert three == one
    assert [url("attempt", a.pk) in page for a in attempts] == [True, True, True]
