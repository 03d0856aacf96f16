"""Outcome questionnaires: his and her reports side by side, gaps flagged, the schedule
from the case's dates, and reminders through the Tasks API."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from asap.cases import access
from asap.cases import services as cases
from asap.instruments import services
from asap.instruments.models import OutcomeReminder
from asap.instruments.tasks import send_outcome_reminders

pytestmark = pytest.mark.django_db


def complete_outcome(world, who: str, key: str, answers: dict) -> None:
    worker = world.people[who]
    case_access = access.case_for(worker, world.case.pk)
    administration = services.start_administration(
        actor=worker,
        access=case_access,
        key=key,
        time_point="T0",
        due_on=world.case.programme_start,
    )
    services.save_answers(
        actor=worker,
        access=case_access,
        administration=administration,
        answers=answers,
        expected_version=1,
    )
    services.complete_administration(
        actor=worker,
        access=case_access,
        administration=administration,
        decisions={},
        expected_version=2,
    )


def test_his_and_her_reports_side_by_side_with_large_gaps_flagged(world):
    complete_outcome(
        world, "perpetrator_side", "outcome-perpetrator", {"physical": "never", "verbal": "monthly"}
    )
    complete_outcome(
        world, "victim_side", "outcome-victim", {"physical": "weekly_or_more", "verbal": "monthly"}
    )
    url = f"/cases/{world.case.pk}/assessments/"
    victim_page = world.client("victim_side").get(url).content.decode()
    assert victim_page.count("large gap") == 1  # physical: 0 against 4; verbal agrees
    assert "0 / 4" in victim_page
    assert "His report" in victim_page
    assert "Her report" in victim_page
    programme_page = world.client("perpetrator_side").get(url).content.decode()
    assert "large gap" not in programme_page
    assert "0 / -" in programme_page  # his answer; hers stays on the victim side
    assert "Her report" not in programme_page


def test_the_schedule_moves_when_the_case_dates_move(world):
    url = f"/cases/{world.case.pk}/assessments/"
    client = world.client("victim_side")
    assert "01/12/2026" not in client.get(url).content.decode()
    case_access = access.case_for(world.people["victim_side"], world.case.pk)
    cases.update_case(
        actor=world.people["victim_side"],
        access=case_access,
        expected_version=world.case.version,
        phase="intervention",
        programme_start=datetime.date(2026, 1, 12),
        intervention_start=datetime.date(2026, 9, 1),
        programme_end=None,
        follow_up_date=None,
    )
    page = client.get(url).content.decode()
    assert "T2.1" in page
    assert "01/12/2026" in page  # T2.1: three months after the new intervention start


def test_the_reminder_task_tells_each_side_once(world, django_capture_on_commit_callbacks):
    # The world's case started on 2026-01-12 with follow-up on 2026-03-01: T0 and T4 are
    # overdue, for his questionnaire (perpetrator side) and hers (victim side).
    sent = send_outcome_reminders.call(requeue=False)
    assert sent == 4
    reminded = OutcomeReminder.objects.values_list("respondent", "time_point")
    assert sorted(reminded) == [
        ("perpetrator", "T0"),
        ("perpetrator", "T4"),
        ("victim", "T0"),
        ("victim", "T4"),
    ]
    vss, pp = world.people["victim_side"].email, world.people["perpetrator_side"].email
    assert sorted(m.to[0] for m in mail.outbox) == sorted([vss, vss, pp, pp])
    assert all(world.case.code in m.subject for m in mail.outbox)
    assert all(world.canaries["victim_name"] not in m.body for m in mail.outbox)
    assert send_outcome_reminders.call(requeue=False) == 0
    assert OutcomeReminder.objects.count() == 4


def test_the_reminder_task_queues_its_next_run(world):
    from django_tasks_db.models import DBTaskResult

    send_outcome_reminders.call(requeue=True)
    queued = DBTaskResult.objects.get()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert timezone.localtime(queued.run_after).date() == tomorrow
    assert timezone.localtime(queued.run_after).hour == 6
