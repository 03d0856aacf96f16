"""Outside reviewer's probe of the management commands an operator runs (`asap …`): what they
print about a case whose protected fields hold canaries. The platform's own commands print
codes and counts; Django's `dumpdata` is refused by the read policy for case content (a
shell is no way round the barrier's read rule), and runs for what is not case content."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def leaks(world, text: str) -> list[str]:
    return sorted(name for name, value in world.canaries.items() if value in text)


COMMANDS = [("retention",), ("evaluation", "refresh-figures"), ("audit", "verify")]
CASE_CONTENT = ["cases.person", "cases.protecteddetail", "cases.timelineentry", "cases"]


def test_the_platforms_commands_print_no_canary(world):
    for command in COMMANDS:
        text = run(*command)
        assert text.strip(), command  # the command ran and said what it did
        assert leaks(world, text) == [], command


def test_dumpdata_of_case_content_is_refused(world):
    for model in CASE_CONTENT:
        with pytest.raises(CommandError, match="outside the access policy"):
            run("dumpdata", model)


def test_dumpdata_runs_for_what_is_not_case_content(world):
    """The positive control: the command itself works, and names the world's shelter."""
    text = run("dumpdata", "accounts.organisation")
    assert "Shelter (world)" in text
    assert leaks(world, text) == []
