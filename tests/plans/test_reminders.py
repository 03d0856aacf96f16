"""Reminders of overdue actions through the Tasks API, on a fixed clock."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from asap.cases import access
from asap.cases.enums import EntryKind
from asap.plans import services
from asap.plans.models import ActionReminder
from asap.plans.tasks import overdue_actions, send_action_reminders

pytestmark = pytest.mark.django_db
D = datetime.date
# 10 March 2026, 09:00 UTC: an action with a term of 1 March is overdue, one of 10 March not.
NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def fixed_clock():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield NOW


def add(couple, who, **values):
    fields = {
        "need": "SECRET-NEED-0d41",
        "action": "SECRET-ACTION-0d41",
        "term": D(2026, 3, 1),
        "responsible": "SECRET-RESPONSIBLE-0d41",
        "responsible_user": who,
        **values,
    }
    return services.add_action(actor=who, access=couple.access(who), **fields)


def overdue_entries(couple, user):
    entries = access.entries_for(couple.access(user)).filter(kind=EntryKind.ACTION)
    return list(entries.filter(title__isnull=False).values_list("compartment", "title"))


def run(django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return send_action_reminders.call(requeue=False)


def test_an_overdue_action_is_reminded_exactly_once(
    couple, fixed_clock, django_capture_on_commit_callbacks
):
    item = add(couple, couple.pp)
    add(couple, couple.pp, term=D(2026, 3, 10))  # due today: not overdue yet
    assert timezone.localdate() == D(2026, 3, 10)
    assert run(django_capture_on_commit_callbacks) == 1
    assert run(django_capture_on_commit_callbacks) == 0
    assert list(ActionReminder.objects.values_list("item", "term")) == [(item.pk, D(2026, 3, 1))]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [couple.pp.email]
    assert couple.case.code in message.subject
    assert "03/01/2026" in message.body or "2026-03-01" in message.body
    assert "0d41" not in message.subject + message.body
    titles = [t for c, t in overdue_entries(couple, couple.pp) if t.startswith("Action overdue")]
    assert titles == ["Action overdue (term 01/03/2026)"]


def test_a_victim_side_action_is_reminded_on_her_side_only(
    couple, fixed_clock, django_capture_on_commit_callbacks
):
    add(couple, couple.vss, compartment="victim")
    assert run(django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mail.outbox] == [[couple.vss.email]]
    pp_titles = [t for _c, t in overdue_entries(couple, couple.pp)]
    assert not any(t.startswith("Action overdue") for t in pp_titles)
    vss_entries = overdue_entries(couple, couple.vss)
    assert ("victim", "Action overdue (term 01/03/2026)") in vss_entries


def test_finished_actions_are_not_reminded_and_a_new_term_is(
    couple, fixed_clock, django_capture_on_commit_callbacks
):
    done = add(couple, couple.pp)
    services.update_action(
        actor=couple.pp,
        access=couple.access(couple.pp),
        item=done,
        expected_version=1,
        status="done",
    )
    moved = add(couple, couple.vss)
    assert run(django_capture_on_commit_callbacks) == 1
    services.update_action(
        actor=couple.vss,
        access=couple.access(couple.vss),
        item=moved,
        expected_version=1,
        term=D(2026, 3, 5),
    )
    assert [i.pk for i in overdue_actions(D(2026, 3, 10))] == [moved.pk]
    assert run(django_capture_on_commit_callbacks) == 1
    assert ActionReminder.objects.filter(item=moved).count() == 2


def test_the_worker_who_added_it_is_reminded_when_nobody_is_named(
    couple, fixed_clock, django_capture_on_commit_callbacks
):
    add(couple, couple.police, responsible_user=None)
    assert run(django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mail.outbox] == [[couple.police.email]]


def test_the_reminder_task_queues_its_next_run(couple, fixed_clock):
    from django_tasks_db.models import DBTaskResult

    send_action_reminders.call(requeue=True)
    queued = DBTaskResult.objects.get()
    assert timezone.localtime(queued.run_after).date() == D(2026, 3, 11)
    assert timezone.localtime(queued.run_after).hour == 6


def test_the_worker_runs_the_queued_reminder(
    couple, fixed_clock, django_capture_on_commit_callbacks
):
    """Queued as in production (`asap action_reminders`) and run by the database worker."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    item = add(couple, couple.pp)
    call_command("action_reminders")
    # The worker closes "old" connections between tasks; inside the test's transaction that
    # would close the test's own connection (PostgreSQL), so that one step is left out.
    with (
        mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", "--max-tasks", "1")
    finished = DBTaskResult.objects.get(
        task_path=send_action_reminders.module_path, status="SUCCESSFUL"
    )
    assert finished.return_value == 1
    assert list(ActionReminder.objects.values_list("item", "term")) == [(item.pk, D(2026, 3, 1))]
    assert [m.to for m in mail.outbox] == [[couple.pp.email]]
