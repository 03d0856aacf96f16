"""`asap audit verify` checks the keyed chain against the last anchor; `asap audit anchor`
records the head outside the database (`--daily` queues it every morning on the worker)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from asap.core import anchors, audit
from asap.core.scopes import named_scope


class Command(BaseCommand):
    help = (
        "Audit trail: `verify` checks every row's keyed hash and link, and the head against "
        "the last anchor; `anchor` records the head outside the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["verify", "anchor"])
        parser.add_argument("--seq", type=int, help="verify: the sequence of an e-mailed anchor")
        parser.add_argument("--hash", help="verify: the hash of an e-mailed anchor")
        parser.add_argument(
            "--daily", action="store_true", help="anchor: queue it every morning (worker)"
        )

    def handle(self, *args: Any, operation: str, **options: Any) -> None:
        try:
            if operation == "anchor":
                self._anchor(options["daily"])
            else:
                self._verify(options["seq"], options["hash"])
        except anchors.AnchorFileMissingError as error:
            raise CommandError(str(error)) from None

    def _anchor(self, daily: bool) -> None:
        if daily:
            from django_tasks_db.models import DBTaskResult

            task = anchors.anchor_audit_trail
            if DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists():
                self.stdout.write("The daily anchor is already queued.")
                return
            result = task.enqueue()
            self.stdout.write(f"Queued the daily anchor (task {result.id}); run `asap db_worker`.")
            return
        anchor = anchors.record_anchor()
        self.stdout.write(
            self.style.SUCCESS(f"Anchored the audit trail at row #{anchor.seq} ({anchor.hash}).")
        )

    def _verify(self, seq: int | None, hash_: str | None) -> None:
        if (seq is None) != (hash_ is None):
            raise CommandError("Give both --seq and --hash of the anchor, or neither.")
        if seq is not None:
            anchor = audit.Anchor(seq=seq, hash=hash_ or "", at="the e-mail")
        else:
            anchor = anchors.last_anchor() if settings.ASAP_AUDIT_ANCHOR_FILE else None
        with named_scope("audit-verify"):
            result = audit.verify(anchor)
        if not result.ok:
            raise CommandError(result.line())
        suffix = f" (checked against the anchor at row #{anchor.seq})" if anchor else ""
        self.stdout.write(self.style.SUCCESS(result.line() + suffix))
