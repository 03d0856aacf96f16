"""The `asap` command: every Django management command plus the platform's own.

A configuration or connection error (a setting refused, a wrong field key, a database that
does not answer) ends any command with one line on standard error and exit status 1, not a
traceback; `--traceback` shows the traceback instead. The messages stay in English: they
may be printed before the settings, and so the translations, can load.
"""

import os
import sys

# Commands that check the field keys and name the development key before they run: the
# servers (in this process, so before runserver's reloader starts its thread) and `check`.
CHECKED_FIRST = {"runserver", "demo", "check"}


def problem_line(error: BaseException) -> str | None:
    """The one line that names a configuration or connection error; None for any other."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db.utils import InterfaceError, OperationalError

    text = " ".join(str(error).split()) or type(error).__name__
    if isinstance(error, ImproperlyConfigured):
        return f"Configuration error: {text}"
    if isinstance(error, OperationalError | InterfaceError):
        return f"Database error: {text} (check DATABASE_URL and that the database runs)"
    return None


def _settings_options(argv: list[str]) -> None:
    """--settings and --pythonpath, applied before the settings load (as Django does)."""
    from django.core.management.base import CommandError, CommandParser, handle_default_options

    parser = CommandParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--settings")
    parser.add_argument("--pythonpath")
    parser.add_argument("args", nargs="*")
    try:
        options, _args = parser.parse_known_args(argv[2:])
        handle_default_options(options)
    except CommandError:
        pass  # the command's own parser reports it


def run(argv: list[str]) -> None:
    """Load the settings (an error in them is then one line for every command, not an
    "Unknown command"), check what a server needs before it starts, run the command."""
    import django
    from django.conf import settings
    from django.core.management import execute_from_command_line

    _settings_options(argv)
    command = argv[1] if len(argv) > 1 else "help"
    if command == "demo" and os.environ.get("ASAP_ENV", "").strip() != "production":
        # E-mails go to the demo's outbox (a folder and a page), not the terminal. (In
        # production the settings' own errors come first, then the demo refuses to run.)
        os.environ.setdefault("ASAP_DEMO", "true")
        # Webhooks to a receiver on this computer (http://127.0.0.1:…), for trying them out.
        os.environ.setdefault("ASAP_WEBHOOKS_ALLOW_LOOPBACK", "true")
    settings.INSTALLED_APPS  # noqa: B018 - imports the settings module
    if command in CHECKED_FIRST:
        django.setup()
        from asap.core import checks

        checks.at_server_start()
    execute_from_command_line(argv)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asap.settings")
    if "--traceback" in sys.argv[1:]:
        run(sys.argv)
        return
    try:
        run(sys.argv)
    except Exception as error:
        line = problem_line(error)
        if line is None:
            raise
        sys.stderr.write(line + "\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
