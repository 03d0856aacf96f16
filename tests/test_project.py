"""Project-wide checks: migrations are complete, catalogues are complete, the demo is idempotent."""

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


@pytest.mark.parametrize("language", ["it", "bg", "el"])
def test_each_catalogue_is_complete_and_compiled(language):
    folder = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES"
    po = (folder / "django.po").read_text()
    entries = re.findall(r'\nmsgid "(.*)"\n(?:msgid_plural .*\n)?msgstr(?:\[0\])? "(.*)"', po)
    assert len(entries) > 100
    assert [msgid for msgid, msgstr in entries if msgid and not msgstr] == []
    assert "#, fuzzy" not in po
    assert (folder / "django.mo").stat().st_mtime >= (folder / "django.po").stat().st_mtime


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
    assert counts[:3] == [3, 10, 13]
