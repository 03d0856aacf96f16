"""`asap action_reminders`: queue the daily reminder of overdue actions (it then re-queues
itself every morning; the worker `asap db_worker` runs it). `--now` sends today's now."""

from typing import Any

from django.core.management.base import BaseCommand

from asap.plans.tasks import send_action_reminders


class Command(BaseCommand):
    help = "Queue the daily reminder of overdue actions of the action plans."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", action="store_true", help="Send today's reminders now.")

    def handle(self, *args: Any, now: bool = False, **options: Any) -> None:
        if now:
            sent = send_action_reminders.call(requeue=False)
            self.stdout.write(f"Sent {sent} reminder(s).")
            return
        from django_tasks_db.models import DBTaskResult

        queued = DBTaskResult.objects.filter(
            task_path=send_action_reminders.module_path, status="READY"
        ).exists()
        if queued:
            self.stdout.write("The daily action reminders are already queued.")
            return
        result = send_action_reminders.enqueue()
        self.stdout.write(
            f"Queued the daily action reminders (task {result.id}); run `asap db_worker`."
        )
