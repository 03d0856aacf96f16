"""`asap retention`: what the retention rules would anonymise now (a dry run: case codes and
counts, nothing changed). `--apply` anonymises exactly what the dry run listed;
`--schedule` queues the weekly dry run for the data-protection officers to review."""

from typing import Any

from django.core.management.base import BaseCommand

from asap.dataprotection.services import retention


class Command(BaseCommand):
    help = "Dry run (default) or apply the retention rules to closed cases."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--apply", action="store_true", help="Anonymise what the dry run lists."
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the weekly dry run that data-protection officers review and apply.",
        )

    def handle(self, *args: Any, apply: bool = False, schedule: bool = False, **options: Any):
        if schedule:
            self._schedule()
            return
        report = retention.prepare_report(actor=None, organisation=None)
        for row in retention.case_counts(report):
            kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(row["kinds"].items()))
            self.stdout.write(f"{row['code']}: {kinds}")
        cases = len(report.case_codes)
        if not apply:
            self.stdout.write(
                f"Dry run: {cases} case(s) would be anonymised. Nothing was changed; "
                "run with --apply to anonymise them."
            )
            return
        applied = retention.apply_report(actor=None, report=report)
        done = len({item["case_id"] for item in applied})
        self.stdout.write(f"Anonymised {len(applied)} record kind(s) of {done} case(s).")

    def _schedule(self) -> None:
        from django_tasks_db.models import DBTaskResult

        from asap.dataprotection.tasks import prepare_retention_reports

        queued = DBTaskResult.objects.filter(
            task_path=prepare_retention_reports.module_path, status="READY"
        ).exists()
        if queued:
            self.stdout.write("The weekly retention dry run is already queued.")
            return
        result = prepare_retention_reports.enqueue()
        self.stdout.write(
            f"Queued the weekly retention dry run (task {result.id}); run `asap db_worker`."
        )
