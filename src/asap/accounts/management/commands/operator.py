"""`asap operator add EMAIL`: the only way to make a platform operator."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from asap.accounts import services


class Command(BaseCommand):
    help = "Platform operators: they run the installation and alone reach the Django admin."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        add = subcommands.add_parser("add", help="Create an operator, or flag an existing account.")
        add.add_argument("email")
        add.add_argument(
            "--site",
            default="",
            help="The platform's address, e.g. https://asap.example.org, to print a full link.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"Not an e-mail address: {email!r}") from None
        user, created = services.add_operator(email=email)
        if created or not user.has_usable_password():
            link = services.password_set_link(user, options["site"].rstrip("/"))
            self.stdout.write(f"Operator {user.email} created. Set the password once with:")
            self.stdout.write(f"  {link}")
            self.stdout.write(
                "The link works once and expires after PASSWORD_RESET_TIMEOUT. Two-factor "
                "authentication is set up at the first sign-in. For a new link later, use "
                "'Forgot your password?' on the sign-in page."
            )
        else:
            self.stdout.write(
                f"{user.email} is now a platform operator (existing password kept; "
                "two-factor authentication still required)."
            )
