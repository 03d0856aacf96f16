"""`asap restore PATH`: restore an encrypted archive into a new, EMPTY database.

The whole archive is authenticated and unpacked first (a wrong key or a modified byte is
refused before anything changes); then the database and MEDIA_ROOT are restored and every
table's row count and checksum is compared with the archive's manifest, and the keys of the
erasure ledger (the archive's copy merged with ASAP_ERASURE_LEDGER_FILE) are destroyed
again before the command returns. `--check` only authenticates and unpacks the archive
into a work folder. Work folders of runs killed outright are removed first, and said so.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from asap.core import backup
from asap.core.management.commands.backup import report_stale


class Command(BaseCommand):
    help = "Restore an encrypted backup archive into the configured, empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the archive written by `asap backup`")
        parser.add_argument(
            "--check",
            action="store_true",
            help="only authenticate and unpack the archive; restore nothing",
        )

    def handle(self, *args: Any, path: str, check: bool, **options: Any) -> None:
        report_stale(self)
        try:
            summary = backup.check(Path(path)) if check else backup.restore(Path(path))
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        described = (
            f"{summary.vendor} database of {summary.created_at} (version "
            f"{summary.app_version}): {summary.tables} tables, {summary.rows} rows, "
            f"{summary.files} uploaded files"
        )
        if options["verbosity"] >= 2:
            for name, rows in (summary.table_rows or {}).items():
                self.stdout.write(f"{name} {rows}")
        if check:
            self.stdout.write(self.style.SUCCESS(f"Archive intact: {described}."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the {described}; every table's row count and checksum match."
            )
        )
        reapplied = summary.reapplied
        if reapplied is not None:
            written = (
                f"{reapplied.written_back} added to ASAP_ERASURE_LEDGER_FILE"
                if reapplied.ledger_configured
                else "no ASAP_ERASURE_LEDGER_FILE to add them to"
            )
            self.stdout.write(
                f"Erasure ledger: {reapplied.listed} destroyed keys listed "
                f"({reapplied.in_archive} in the archive, {written}); "
                f"{reapplied.destroyed} keys destroyed again."
            )
        if backup.pending_migrations():
            self.stdout.write(
                self.style.WARNING("The archive predates this version: run `asap migrate`.")
            )
