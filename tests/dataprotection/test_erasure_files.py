"""After erasing the demo's woman, the raw database files (and a backup taken before) hold
none of her values in clear, and nothing in them can open what her side recorded: SQLite
(the file and its write-ahead log, on a demo made by `asap demo`) and PostgreSQL (the table
files and `pg_wal` after a checkpoint, no VACUUM)."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import connection

from asap.core import datakeys
from tests.once import one_database

# Planted by the demo (asap/demo/data.py): her name, her address, her phone and safe channel.
# ("Lucia" alone is in every PostgreSQL database: "English (St. Lucia)", a collation.)
HER_VALUES = [
    b"Lucia Ferrantelli",
    b"Ferrantelli",
    b"Glicini",
    b"+39 000 000 0000",
    b"ask for Elena",
]
CASE = "JC-DEMO-0001"

# Run inside the platform: erase her as the demo's officer of the women's centre, or list
# the stored tokens of what the victim side recorded and her own values, or open tokens.
SCRIPT = textwrap.dedent(
    """
    import json, sys
    import django
    django.setup()
    from asap.accounts.models import User
    from asap.cases.models import JointCase
    from asap.core import datakeys
    from asap.dataprotection.services.erasure import erase_person
    from asap.dataprotection.sides import ERASURE, officer_access

    case = JointCase.objects.get(code=sys.argv[2])
    if sys.argv[1] == "erase":
        officer = User.objects.get(email="dpo@demo.asap")
        access = officer_access(officer, case, ERASURE, "victim")
        request = erase_person(actor=officer, access=access, person="victim", reference="R-1")
        print(json.dumps(request.fields))
    else:
        print(json.dumps([datakeys.unseal(token) for token in json.load(sys.stdin)]))
    """
)


def _stored(database: Path) -> dict[str, list]:
    import sqlite3

    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        case_id = db.execute("SELECT id FROM cases_jointcase WHERE code = ?", [CASE]).fetchone()[0]
        keys = db.execute(
            "SELECT id, subject, wrapped FROM core_datakey WHERE case_id = ?", [case_id]
        ).fetchall()
        tokens = []
        for table, column in [
            ("cases_person", "name"),
            ("cases_protecteddetail", "value"),
            ("cases_timelineentry", "body"),
            ("instruments_answer", "value"),
            ("cases_childassessmentpreparation", "support_person"),
        ]:
            tokens += [
                value
                for (value,) in db.execute(f"SELECT {column} FROM {table}")  # noqa: S608
                if value
            ]
    return {"keys": keys, "tokens": tokens}


def _run(env: dict[str, str], *args: str, stdin: str = "") -> str:
    result = subprocess.run(
        [sys.executable, *args], env=env, input=stdin, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def _opens(token: str, wrapped: list[str], master: MultiFernet) -> bool:
    """Whether any of the `wrapped` keys, unwrapped by the master keys, opens `token`."""
    body = token.split("$", 3)[3]
    for value in wrapped:
        try:
            if Fernet(master.decrypt(value.encode())).decrypt(body.encode()):
                return True
        except InvalidToken:
            continue
    return False


@one_database  # a SQLite database of its own, in a subprocess
def test_the_sqlite_files_hold_nothing_of_hers_after_the_erasure(tmp_path: Path):
    import json

    data = tmp_path / "data"
    env = {
        **os.environ,
        "ASAP_DATA_DIR": str(data),
        "ASAP_AUDIT_ANCHOR_FILE": str(tmp_path / "anchors.jsonl"),
        "ASAP_ERASURE_LEDGER_FILE": str(tmp_path / "erasure-ledger.jsonl"),
    }
    env.pop("DATABASE_URL", None)
    _run(env, "-m", "asap.cli", "demo", "--no-serve")
    database = data / "asap.sqlite3"
    before = _stored(database)
    her_keys = {
        pk for pk, subject, _w in before["keys"] if subject in ("victim", "person:victim:1")
    }
    hers = [t for t in before["tokens"] if datakeys.key_id_of(t) in her_keys]
    script = tmp_path / "erase.py"
    script.write_text(SCRIPT)
    # The control: her tokens open before the erasure, to her clear values.
    opened = json.loads(_run(env, str(script), "open", CASE, stdin=json.dumps(hers)))
    assert "Lucia Ferrantelli" in opened
    assert any("Glicini" in text for text in opened)

    # A backup taken before the erasure: an encrypted archive (its restore with the ledger is
    # tests/core/test_backup_ledger.py), so none of her values is in it in clear either.
    from asap.core import backup

    archive = tmp_path / "before-erasure.backup"
    _run(
        {**env, "ASAP_BACKUP_KEY": backup.generate_key()}, "-m", "asap.cli", "backup", str(archive)
    )
    assert archive.stat().st_size > 10_000
    assert [v for v in HER_VALUES if v in archive.read_bytes()] == []

    fields = json.loads(_run(env, str(script), "erase", CASE))

    assert {"key.victim", "key.person:victim:1"} <= set(fields)
    content = b"".join(p.read_bytes() for p in data.glob("asap.sqlite3*"))
    assert [v for v in HER_VALUES if v in content] == []
    after = _stored(database)
    assert [w for _pk, _s, w in before["keys"] if _pk in her_keys and w.encode() in content] == []
    still_there = [t for t in hers if t.encode() in content]
    assert still_there  # the tokens stay in the file, as nothing rewrote them …
    reopened = json.loads(_run(env, str(script), "open", CASE, stdin=json.dumps(still_there)))
    assert set(reopened) == {"[erased]"}  # … and the platform cannot open them,
    master = MultiFernet([Fernet(k) for k in settings.ASAP_FIELD_KEYS])
    wrapped = [w for _pk, _s, w in after["keys"] if w]
    assert [t for t in still_there if _opens(t, wrapped, master)] == []  # nor any key left


@pytest.mark.django_db(transaction=True)
def test_the_postgresql_files_hold_nothing_of_hers_after_the_erasure(audit_head):
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's own files: runs when the suite runs on PostgreSQL")
    from asap.accounts.models import User
    from asap.cases.models import JointCase
    from asap.core.scopes import named_scope
    from asap.dataprotection.services.erasure import erase_person
    from asap.dataprotection.sides import ERASURE, officer_access
    from asap.demo import data

    with named_scope("test"):
        data.load()
    case = JointCase.objects.get(code=CASE)
    officer = User.objects.get(email="dpo@demo.asap")
    erase_person(
        actor=officer,
        access=officer_access(officer, case, ERASURE, "victim"),
        person="victim",
        reference="R-1",
    )
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        cursor.execute("SHOW data_directory")
        root = Path(cursor.fetchone()[0])
        cursor.execute(
            "SELECT pg_relation_filepath(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 't', 'i')"
        )
        relations = [root / path for (path,) in cursor.fetchall() if path]
    try:
        tables = b"".join(p.read_bytes() for r in relations for p in r.parent.glob(r.name + "*"))
        wal = b"".join(p.read_bytes() for p in (root / "pg_wal").glob("0*") if p.is_file())
    except PermissionError:
        pytest.skip("PostgreSQL's data directory is not readable by this user")
    assert CASE.encode() in tables  # the control: the scan reads the case's rows
    assert CASE.encode() in wal
    assert [v for v in HER_VALUES if v in tables] == []
    assert [v for v in HER_VALUES if v in wal] == []
