"""`asap demo`: create or upgrade the demo database, load the demo data, print logins, serve.

Run through `asap` (asap.cli), it turns ASAP_DEMO on: the e-mails of the demo data and of
the demo go to the demo's outbox (asap.demo.outbox), not the terminal.
"""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from asap.demo import api, data


class Command(BaseCommand):
    help = "Create or upgrade the demo database, load fictional demo data and serve it locally."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare the database and stop."
        )

    def handle(self, *args: Any, port: int, no_serve: bool, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo has well-known passwords: it never runs in production.")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        users = data.load()
        token = api.api_token()
        url = f"http://127.0.0.1:{port}/"
        self.stdout.write(f"Database: {settings.DATABASES['default']['NAME']}")
        self.stdout.write(f"Demo password for every account: {data.DEMO_PASSWORD}")
        self.stdout.write("Each account asks for a code from an authenticator app (TOTP) after the")
        self.stdout.write("password: add the secret below to the app, or type the recovery code.")
        for demo in users:
            if demo.with_mfa:
                self.stdout.write(
                    f"  {demo.email:28} TOTP secret {demo.totp_secret}  "
                    f"recovery code {data.recovery_code(demo)}"
                )
            else:
                self.stdout.write(f"  {demo.email:28} no MFA yet: sets it up at first sign-in")
        self.stdout.write(
            f"Demo cases: {data.CASE_IN_ASSESSMENT} (joint risk assessment: sign in as "
            "vss.worker and as pp.worker to compare what each side sees), "
            f"{data.CASE_AT_REFERRAL} (overdue; vss.worker has its invitation to answer)."
        )
        self.stdout.write(
            f"API token (demo): {token} ({api.SYSTEM_NAME}, a case worker's token, a member "
            f"of {data.CASE_IN_ASSESSMENT}). Try: curl -H 'Authorization: Bearer {token}' "
            f"{url}api/v1/cases (reference: {url}api/v1/reference/)"
        )
        if settings.ASAP_DEMO:
            self.stdout.write(
                f"E-mails stay on this computer: read them at {url}demo/outbox/ "
                f"(files in {settings.DEMO_OUTBOX_DIR})."
            )
        else:
            self.stdout.write("E-mails go to ASAP_EMAIL_URL: ASAP_DEMO is off (run `asap demo`).")
        if no_serve:
            return
        self.stdout.write(self.style.SUCCESS(f"Serving the demo on {url} (Ctrl+C stops it)"))
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
