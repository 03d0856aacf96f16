"""`asap work_digest`: queue the daily e-mail of My work (it then re-queues itself every
morning; the worker `asap db_worker` runs it)."""

from typing import Any

from django.core.management.base import BaseCommand

from asap.work.tasks import send_work_digests


class Command(BaseCommand):
    help = "Queue the daily e-mail of My work (how many items wait, nothing else)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", action="store_true", help="Send today's e-mails now.")

    def handle(self, *args: Any, now: bool = False, **options: Any) -> None:
        if now:
            sent = send_work_digests.call(requeue=False)
            self.stdout.write(f"Sent {sent} e-mail(s).")
            return
        from django_tasks_db.models import DBTaskResult

        queued = DBTaskResult.objects.filter(
            task_path=send_work_digests.module_path, status="READY"
        ).exists()
        if queued:
            self.stdout.write("The daily e-mail of My work is already queued.")
            return
        result = send_work_digests.enqueue()
        self.stdout.write(
            f"Queued the daily e-mail of My work (task {result.id}); run `asap db_worker`."
        )
