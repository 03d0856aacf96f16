"""`asap backup PATH`: write an encrypted archive of the database and the uploaded files.

The key comes from ASAP_BACKUP_KEY (`asap backup --generate-key` prints a new one); production
refuses to run without it. The snapshot lies only in a work folder of ASAP_DATA_DIR, removed
however the run ends; the folders of runs killed outright are removed first, and said so.
See docs/deployment.md, "Backups".
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from asap.core import backup


class Command(BaseCommand):
    help = "Write an encrypted backup archive (database and uploaded files) to PATH."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="the archive to write; must not exist")
        parser.add_argument(
            "--generate-key", action="store_true", help="print a new ASAP_BACKUP_KEY and stop"
        )

    def handle(self, *args: Any, path: str | None, generate_key: bool, **options: Any) -> None:
        if generate_key:
            self.stdout.write(backup.generate_key())
            return
        report_stale(self)
        if not path:
            raise CommandError("Name the archive to write: asap backup PATH.")
        try:
            summary = backup.create(Path(path))
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {path}: {summary.vendor}, {summary.tables} tables, "
                f"{summary.rows} rows, {summary.files} uploaded files, "
                f"{summary.ledger_entries} erasure ledger entries."
            )
        )


def report_stale(command: BaseCommand) -> None:
    """Remove the work folders of interrupted runs, one line each (before anything else)."""
    for folder in backup.remove_stale():
        command.stdout.write(
            command.style.WARNING(
                f"Removed a stale backup work folder left by an interrupted run: {folder}"
            )
        )
