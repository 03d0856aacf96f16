"""`asap evaluation refresh-figures`: recount the dashboards' figures now (after a bulk load
or an upgrade); with `--hourly`, queue the hourly recount on the worker instead."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from asap.evaluation import services
from asap.evaluation.tasks import refresh_figures


class Command(BaseCommand):
    help = (
        "Evaluation dashboards: `refresh-figures` recounts the current year's figures of every "
        "organisation and network (`--hourly`: queue it every hour on the worker)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["refresh-figures"])
        parser.add_argument(
            "--hourly", action="store_true", help="queue the recount every hour (worker)"
        )

    def handle(self, *args: Any, operation: str, hourly: bool = False, **options: Any) -> None:
        if hourly:
            from django_tasks_db.models import DBTaskResult

            queued = DBTaskResult.objects.filter(
                task_path=refresh_figures.module_path, status="READY"
            ).exists()
            if queued:
                self.stdout.write("The hourly recount of the figures is already queued.")
                return
            result = refresh_figures.enqueue()
            self.stdout.write(
                f"Queued the hourly recount of the figures (task {result.id}); "
                "run `asap db_worker`."
            )
            return
        started = time.monotonic()
        counted = services.refresh_all_figures()
        self.stdout.write(
            self.style.SUCCESS(
                f"Recounted the figures of {counted} dashboard(s) "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
