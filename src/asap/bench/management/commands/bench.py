"""`asap bench seed --cases N`, `asap bench run --json PATH`, `asap bench breakdown PAGE…` and
`asap bench concurrency`: the benchmark at scale."""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test import override_settings

from asap.bench import breakdown, concurrency, report, run, seed


def quiet_mail() -> override_settings:
    """The benchmark's fictional people receive nothing: their e-mails (the new-browser
    notices of each sign-in of `run`) go to Django's dummy backend, not the terminal."""
    return override_settings(
        MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
    )


class Command(BaseCommand):
    help = "Seed a fictional data set at scale, or measure the pages against it."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        seeding = commands.add_parser("seed", help="Fill an empty database with N cases.")
        seeding.add_argument("--cases", type=int, default=1000)
        running = commands.add_parser("run", help="Measure the pages; write the figures.")
        running.add_argument("--json", dest="json_path", help="Write the results here.")
        running.add_argument("--samples", type=int, default=run.SAMPLES)
        running.add_argument("--warmup", type=int, default=run.WARMUP)
        reporting = commands.add_parser("report", help="Two runs side by side, in Markdown.")
        reporting.add_argument("small", help="The JSON of the run at fewer cases.")
        reporting.add_argument("large", help="The JSON of the run at more cases.")
        reporting.add_argument(
            "--postgres", help="For SQLite runs: PostgreSQL's run at the larger size, to compare."
        )
        explaining = commands.add_parser(
            "breakdown", help="Where pages' time goes: SQL executed, SQL compiled, the rest."
        )
        explaining.add_argument("pages", nargs="+", help="Page names of `asap bench run`.")
        explaining.add_argument("--samples", type=int, default=breakdown.SAMPLES)
        concurrent = commands.add_parser(
            "concurrency", help="Concurrent case-page readers, with and without the audit lock."
        )
        concurrent.add_argument("--json", dest="json_path", help="Write the results here.")
        concurrent.add_argument("--seconds", type=float, default=concurrency.SECONDS)
        concurrent.add_argument("--rounds", type=int, default=concurrency.ROUNDS)
        concurrent.add_argument("--readers", type=int, nargs="+", default=list(concurrency.READERS))
        concurrent.add_argument(
            "--variants", nargs="+", choices=concurrency.VARIANTS, default=concurrency.VARIANTS
        )
        concurrent.add_argument(
            "--modes", nargs="+", choices=concurrency.MODES, default=concurrency.MODES
        )

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The benchmark writes fictional data: never in production.")
        with quiet_mail():
            self.subcommand(subcommand, options)

    def subcommand(self, subcommand: str, options: dict[str, Any]) -> None:
        # The cache (rate limits, used TOTP codes) lives in a table `migrate` does not make.
        call_command("createcachetable", verbosity=0)
        if subcommand == "report":
            small, large = (json.loads(Path(options[n]).read_text()) for n in ("small", "large"))
            postgres = options["postgres"] and json.loads(Path(options["postgres"]).read_text())
            self.stdout.write(report.markdown(small, large, postgres or None))
        elif subcommand == "seed":
            self.seed(options["cases"])
        elif subcommand == "concurrency":
            self.concurrency(options)
        elif subcommand == "breakdown":
            self.breakdown(options)
        else:
            self.run(options["json_path"], options["samples"], options["warmup"])

    def seed(self, cases: int) -> None:
        if cases < 1:
            raise CommandError("--cases must be at least 1.")
        # A fresh clone's database has no tables yet: make them (nothing to do if it has).
        call_command("migrate", verbosity=0)
        plan = ", ".join(f"{n:,} {what}" for what, n in seed.planned(cases).items())
        self.stderr.write(f"Seeding {cases:,} cases: about {plan}.")
        try:
            counts = seed.seed(cases, progress=seed.stderr_progress)
        except seed.NotEmptyError as error:
            raise CommandError(str(error)) from None
        self.stderr.write("")
        for table, count in counts.items():
            self.stdout.write(f"  {table:32} {count:>10,}")
        self.stdout.write(self.style.SUCCESS(f"Seeded {cases:,} cases."))

    def concurrency(self, options: dict[str, Any]) -> None:
        try:
            results = concurrency.run(
                counts=tuple(options["readers"]),
                seconds=options["seconds"],
                variants=tuple(options["variants"]),
                modes=tuple(options["modes"]),
                rounds=options["rounds"],
                progress=lambda line: self.stderr.write(line),
            )
        except run.NotSeededError as error:
            raise CommandError(str(error)) from None
        self.write_json(results, options["json_path"])
        self.stdout.write(concurrency.table(results))

    def breakdown(self, options: dict[str, Any]) -> None:
        try:
            rows = breakdown.breakdown(options["pages"], samples=options["samples"])
        except (run.NotSeededError, ValueError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(breakdown.table(rows))

    def write_json(self, results: dict[str, Any], json_path: str | None) -> None:
        if json_path:
            Path(json_path).parent.mkdir(parents=True, exist_ok=True)
            Path(json_path).write_text(json.dumps(results, indent=2) + "\n")
            self.stderr.write(f"Written to {json_path}")

    def run(self, json_path: str | None, samples: int, warmup: int) -> None:
        try:
            results = run.run(samples=samples, warmup=warmup, progress=seed.stderr_progress)
        except run.NotSeededError as error:
            raise CommandError(str(error)) from None
        self.stderr.write("")
        text = json.dumps(results, indent=2)
        if json_path:
            Path(json_path).parent.mkdir(parents=True, exist_ok=True)
            Path(json_path).write_text(text + "\n")
        self.stdout.write(run.table(results))
        if json_path:
            self.stdout.write(f"Written to {json_path}")
