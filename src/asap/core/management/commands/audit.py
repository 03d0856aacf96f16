"""`asap audit verify`: check the audit trail's hash chain from the first row to the head."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from asap.core import audit


class Command(BaseCommand):
    help = "Audit trail operations. `verify` checks every row's hash and link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["verify"])

    def handle(self, *args: Any, operation: str, **options: Any) -> None:
        result = audit.verify()
        if not result.ok:
            raise CommandError(
                f"Audit trail broken at row #{result.broken_seq}: {result.reason} "
                f"({result.checked} rows verified before it)."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Audit trail intact: {result.checked} rows verified.")
        )
