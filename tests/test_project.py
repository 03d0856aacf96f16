"""Project-wide checks: migrations are complete, catalogues are complete, the demo is idempotent."""

import ast
import gettext
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from asap.accounts.models import Membership, Organisation, User
from asap.core.models import AuditEvent
from asap.demo import data


@pytest.mark.django_db
def test_makemigrations_finds_nothing_to_do():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def _po_entries(text: str) -> list[dict[str, str]]:
    """The entries of a .po file: keyword (msgid, msgstr, msgstr[0], …) to decoded text."""
    entries: list[dict[str, str]] = []
    entry: dict[str, str] = {}
    keyword = ""
    for line in text.splitlines():
        if line.startswith("msgctxt ") or (line.startswith("msgid ") and set(entry) != {"msgctxt"}):
            entry = {}
            entries.append(entry)
        match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$', line)
        if match:
            keyword = match.group(1)
            entry[keyword] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and keyword:
            entry[keyword] += ast.literal_eval(line)
        elif line.startswith("#, ") and "fuzzy" in line:
            entries.append({"fuzzy": line})
    return entries


@pytest.mark.parametrize("language", ["it", "bg", "el"])
def test_each_catalogue_is_complete_and_compiled(language):
    folder = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES"
    entries = _po_entries((folder / "django.po").read_text())
    assert [e for e in entries if "fuzzy" in e] == []
    messages = [e for e in entries if e.get("msgid")]
    assert len(messages) > 100
    untranslated = [
        e["msgid"] for e in messages if not all(v for k, v in e.items() if k.startswith("msgstr"))
    ]
    assert untranslated == []
    with (folder / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = [
        e["msgid"]
        for e in messages
        if "msgstr" in e
        and (
            catalogue.pgettext(e["msgctxt"], e["msgid"])
            if "msgctxt" in e
            else catalogue.gettext(e["msgid"])
        )
        != e["msgstr"]
    ]
    assert stale == []  # the .mo says what the .po says: compilemessages was run


@pytest.mark.django_db
def test_switching_language_translates_the_pages(client):
    response = client.post("/i18n/setlang/", {"language": "it", "next": "/accounts/login/"})
    assert response.status_code == 302
    text = client.get("/accounts/login/").content.decode()
    assert '<html lang="it">' in text
    assert "Cambia lingua" in text


@pytest.mark.django_db
def test_loading_the_demo_twice_changes_nothing():
    data.load()
    counts = [m.objects.count() for m in (Organisation, User, Membership, AuditEvent)]
    data.load()
    assert [m.objects.count() for m in (Organisation, User, Membership, AuditEvent)] == counts
    # With the centre's coordinator, a trainee and the platform operator (who holds no role).
    assert counts[:3] == [3, 13, 15]
