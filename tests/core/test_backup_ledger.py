"""An erased key does not come back with an old backup.

A case's victim side records a note (sealed under the victim side's data key); a backup is
taken; the key is destroyed (crypto-shredding, entered in the erasure ledger); a second
backup is taken, carrying the ledger. Restoring the pre-erasure backup into an empty
database destroys the key again before `asap restore` returns: the note reads "[erased]" and
the key row holds no wrapped key. Without the ledger the same restore reads the note (what
the ledger prevents); a ledger lost with its server is rebuilt from the later backup's copy.
"""

import json
import shutil
from pathlib import Path

import pytest

from asap.core import backup_ledger, datakeys, ledger
from asap.core.models import DataKey
from tests.core.test_backup import asap, script

NOTE = "LEDGER-CANARY-her-account-5b7e"

SEED = """
import django, datetime, json, sys; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("createcachetable")
from asap.accounts.enums import OrganisationKind, Role
from asap.cases import access, services
from asap.cases.enums import Compartment
from tests.factories import OrganisationFactory, persona
shelter = OrganisationFactory(name="Shelter", kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
worker = persona(Role.CASE_WORKER, shelter)
case = services.open_case(actor=worker, organisation=shelter, perpetrator_name="Him",
                          programme_start=datetime.date(2026, 1, 12))
note = services.add_note(actor=worker, access=access.case_for(worker, case.pk),
                         title="Her account", body=sys.argv[1], compartment=Compartment.VICTIM)
print(json.dumps({"case": case.pk, "entry": note.pk}))
"""

DESTROY = """
import django, json, sys; django.setup()
from django.db import transaction
from asap.core import datakeys
with transaction.atomic():
    print(json.dumps(datakeys.destroy(int(sys.argv[1]), ["victim"], "test")))
"""

# The stored note read with the plain driver, opened with the platform's keys.
READ = """
import django, json, sqlite3, sys; django.setup()
from django.conf import settings
from asap.core import datakeys
from asap.core.models import DataKey
db = sqlite3.connect(settings.DATABASES["default"]["NAME"])
sql = "SELECT body, recorded_side FROM cases_timelineentry WHERE id = ?"
token, side = db.execute(sql, [int(sys.argv[1])]).fetchone()
key = DataKey.objects.get(pk=datakeys.key_id_of(token))
print(json.dumps({"note": datakeys.unseal(token), "side": side, "subject": key.subject,
                  "wrapped": bool(key.wrapped), "destroyed": key.destroyed_at is not None}))
"""


def _read(url: str, data: Path, entry: int) -> dict:
    return json.loads(script(url, data, READ, str(entry)).splitlines()[-1])


def _restore(tmp_path: Path, name: str, archive: Path) -> tuple[str, str]:
    url = f"sqlite:///{tmp_path / name}.sqlite3"
    done = asap(url, tmp_path / name, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    return url, done.stdout


def test_restoring_a_pre_erasure_backup_destroys_the_erased_key_again(tmp_path):
    source, data = f"sqlite:///{tmp_path / 'source.sqlite3'}", tmp_path / "source"
    ledger = tmp_path / "erasure-ledger.jsonl"  # the "server's" ledger (test_backup._env)
    ids = json.loads(script(source, data, SEED, NOTE).splitlines()[-1])
    planted = _read(source, data, ids["entry"])
    assert planted == {
        "note": NOTE,
        "side": "victim",
        "subject": "victim",
        "wrapped": True,
        "destroyed": False,
    }
    before = asap(source, data, "backup", str(tmp_path / "before.backup"))
    assert before.returncode == 0, before.stderr
    assert "0 erasure ledger entries" in before.stdout

    (destroyed,) = json.loads(script(source, data, DESTROY, str(ids["case"])).splitlines()[-1])
    assert destroyed["subject"] == "victim"
    assert [json.loads(line) for line in ledger.read_text().splitlines()] == [destroyed]
    after = asap(source, data, "backup", str(tmp_path / "after.backup"))
    assert after.returncode == 0, after.stderr
    assert "1 erasure ledger entries" in after.stdout

    # The pre-erasure backup, restored on the server that keeps the ledger.
    restored, said = _restore(tmp_path, "restored", tmp_path / "before.backup")
    assert "Erasure ledger: 1 destroyed keys listed (0 in the archive, 0 added" in said
    assert "1 keys destroyed again." in said
    assert _read(restored, tmp_path / "restored", ids["entry"]) == {
        **planted,
        "note": "[erased]",
        "wrapped": False,
        "destroyed": True,
    }

    # Without the ledger, the same restore would read her note again.
    shutil.move(ledger, tmp_path / "lost-ledger.jsonl")
    unguarded, said = _restore(tmp_path, "unguarded", tmp_path / "before.backup")
    assert "0 keys destroyed again." in said
    assert _read(unguarded, tmp_path / "unguarded", ids["entry"])["note"] == NOTE
    assert not ledger.exists()

    # A lost ledger comes back from a later backup's copy, and guards the old one again.
    _later, said = _restore(tmp_path, "later", tmp_path / "after.backup")
    assert "1 destroyed keys listed (1 in the archive, 1 added" in said
    assert ledger.read_text() == (tmp_path / "lost-ledger.jsonl").read_text()
    guarded, said = _restore(tmp_path, "guarded", tmp_path / "before.backup")
    assert "1 keys destroyed again." in said
    assert _read(guarded, tmp_path / "guarded", ids["entry"])["note"] == "[erased]"


@pytest.mark.django_db
def test_reapply_merges_the_archive_copy_into_the_ledger_and_destroys_once(settings, tmp_path):
    key_id, fingerprint, _fernet = datakeys.key_for(datakeys.KeyOwner(4242, "victim"))
    entry = {"key": key_id, "case": 4242, "subject": "victim", "fingerprint": fingerprint}
    copy = tmp_path / "erasure-ledger.jsonl"
    copy.write_text(json.dumps(entry, sort_keys=True) + "\n")
    assert DataKey.objects.get(pk=key_id).wrapped != ""

    first = backup_ledger.reapply(copy)
    again = backup_ledger.reapply(tmp_path / "an archive made before the ledger")

    assert (first.in_archive, first.written_back, first.listed, first.destroyed) == (1, 1, 1, 1)
    assert (again.in_archive, again.written_back, again.listed, again.destroyed) == (0, 0, 1, 0)
    assert ledger.read() == [entry]
    assert settings.ASAP_ERASURE_LEDGER_FILE.read_text() == copy.read_text()
    assert DataKey.objects.get(pk=key_id).wrapped == ""
