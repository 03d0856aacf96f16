"""Encrypted backups (`asap backup` / `asap restore`).

A backup taken while a writer is busy restores, into an empty database, to exactly the source
at the snapshot: every table the writer did not touch is identical row for row, and the
writer's tables hold a prefix of the source's rows (what was committed before the snapshot),
with an intact audit chain. This runs on SQLite (a file) and on PostgreSQL (own databases on
127.0.0.1:5432), each through subprocesses with explicit DATABASE_URLs, so both run in either
pass of CI. Tampering, a wrong key and a non-empty target are refused and change nothing.
"""

import base64
import io
import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from asap.core import backup, backup_archive
from tests.once import ON_POSTGRESQL

ROOT = Path(__file__).resolve().parents[2]
KEY = backup.generate_key()
PG = "postgres://postgres@127.0.0.1:5432"
CANARY = "BACKUP-CANARY-3e9d"
MATCH = "every table's row count and checksum match"
# What the writer below changes: an organisation and its audit row, which moves the head.
WRITER_TABLES = {"accounts_organisation", "core_auditevent", "core_audithead"}

SEED = f"""
import django; django.setup()
from pathlib import Path
from django.conf import settings
from django.core.management import call_command
from asap.accounts import services
call_command("migrate", verbosity=0)
call_command("createcachetable")
services.create_organisation(actor=None, name="{CANARY}", kind="other", country="IT",
                             language="it", address="{CANARY} street")
upload = Path(settings.MEDIA_ROOT) / "uploads" / "note.txt"
upload.parent.mkdir(parents=True)
upload.write_text("{CANARY} uploaded file")
if WORLD:
    from tests.cases.world import build_world
    build_world()
"""

WRITE_WHILE_BACKING_UP = """
import django, json, sys, threading, time; django.setup()
from django.core.management import call_command
from django.db import connection
from asap.accounts import services
stop, written = threading.Event(), [0]
def write():
    try:
        while not stop.is_set():
            services.create_organisation(actor=None, name=f"Writer {written[0]}",
                                         kind="other", country="IT", language="it")
            written[0] += 1
    finally:
        connection.close()
def wait_for(count):
    deadline = time.monotonic() + 60
    while written[0] < count:
        assert time.monotonic() < deadline, "the writer is stuck"
        time.sleep(0.01)
writer = threading.Thread(target=write)
writer.start()
try:
    wait_for(3)
    before = written[0]
    call_command("backup", sys.argv[1])
    after = written[0]
    wait_for(after + 3)
finally:
    stop.set()
    writer.join()
print(json.dumps({"before": before, "after": after, "total": written[0]}))
"""


def _env(url: str, data: Path, key: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASAP_")}
    env.update(DATABASE_URL=url, ASAP_DATA_DIR=str(data), ASAP_EMAIL_URL="locmem://")
    # The erasure ledger of the "server": shared by the data folders of one test.
    env["ASAP_ERASURE_LEDGER_FILE"] = str(data.parent / "erasure-ledger.jsonl")
    env["DJANGO_SETTINGS_MODULE"] = "asap.settings"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    if key:
        env["ASAP_BACKUP_KEY"] = key
    return env


def asap(url: str, data: Path, *args: str, key: str | None = KEY) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "asap.cli", *args],
        cwd=ROOT,
        env=_env(url, data, key),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def script(url: str, data: Path, code: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=_env(url, data, KEY),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _value(value: object) -> object:
    return bytes(value).hex() if isinstance(value, bytes | memoryview) else value


def table_rows(url: str) -> dict[str, Counter]:
    """Every table's rows as a multiset, read with the plain drivers (not the code under
    test), so a missing, extra or changed row shows whatever the order."""
    if url.startswith("sqlite:"):
        db = sqlite3.connect(url.removeprefix("sqlite:///"))
        query = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    else:
        import psycopg

        db = psycopg.connect(url)
        db.execute("SET TimeZone = 'UTC'")
        query = (
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
    try:
        names = [row[0] for row in db.execute(query).fetchall()]
        return {
            name: Counter(
                repr(tuple(map(_value, row)))
                for row in db.execute(f'SELECT * FROM "{name}"').fetchall()  # noqa: S608
            )
            for name in names
        }
    finally:
        db.close()


def _create_pg(name: str) -> str:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    return f"{PG}/{name}"


def _drop_pg(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _postgres_reachable() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{PG}/postgres", connect_timeout=3).close()
    except Exception:
        return False
    return True


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request, tmp_path):
    """(source URL, target URL) of two fresh databases of one vendor. Each vendor's
    variant runs in the CI run on that vendor (`.ci/run`), not in both."""
    if (request.param == "postgresql") != ON_POSTGRESQL:
        pytest.skip(f"the {request.param} variant runs in the suite's run on {request.param}")
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'target.sqlite3'}"
        return
    if not _postgres_reachable():
        pytest.skip("no PostgreSQL server at 127.0.0.1:5432 (CI has one)")
    names = [f"bk_src_{os.getpid()}", f"bk_dst_{os.getpid()}"]
    try:
        yield tuple(_create_pg(name) for name in names)
    finally:
        for name in names:
            _drop_pg(name)


def test_backup_under_writes_restores_exactly(databases, tmp_path):
    source, target = databases
    archive = tmp_path / "asap.backup"
    script(source, tmp_path / "source", SEED.replace("if WORLD", "if True"))
    seeded = table_rows(source)

    output = script(source, tmp_path / "source", WRITE_WHILE_BACKING_UP, str(archive))
    counts = json.loads(output.splitlines()[-1])
    assert counts["before"] >= 3
    assert counts["total"] >= counts["after"] + 3
    source_now = table_rows(source)

    restored_run = asap(target, tmp_path / "target", "restore", str(archive))
    assert restored_run.returncode == 0, restored_run.stderr
    assert MATCH in restored_run.stdout
    # (Fails if a migration was added to the tree between seeding and restoring.)
    assert "asap migrate" not in restored_run.stdout
    verified = asap(target, tmp_path / "target", "audit", "verify")
    assert verified.returncode == 0
    assert "Audit trail intact" in verified.stdout
    restored = table_rows(target)

    # Only the writer's tables moved in the source; every other table is identical.
    assert {name for name in seeded if seeded[name] != source_now[name]} == WRITER_TABLES
    assert set(restored) == set(source_now)
    assert len(restored) > 40
    assert sum(map(len, restored.values())) > 200
    for name in set(restored) - WRITER_TABLES:
        assert restored[name] == source_now[name], name

    # The writer's tables: what was there before, plus a prefix of its rows, nothing else.
    (restore_row,) = [row for row in restored["core_auditevent"] if "backup.restore" in row]
    restored["core_auditevent"][restore_row] -= 1
    for name in WRITER_TABLES - {"core_audithead"}:
        assert not restored[name] - source_now[name], name  # nothing that is not in the source
        assert not seeded[name] - restored[name], name  # nothing that was there is missing
    writers = sum(1 for row in restored["accounts_organisation"].elements() if "Writer" in row)
    assert counts["before"] <= writers <= counts["after"]
    assert (tmp_path / "target/media/uploads/note.txt").read_text() == f"{CANARY} uploaded file"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A small SQLite source (one organisation, one uploaded file) and its archive."""
    base = tmp_path_factory.mktemp("backup")
    url = f"sqlite:///{base / 'source.sqlite3'}"
    script(url, base / "source", SEED.replace("if WORLD", "if False"))
    done = asap(url, base / "source", "backup", str(base / "asap.backup"))
    assert done.returncode == 0, done.stderr
    return base / "asap.backup"


def _restore_into_fresh(tmp_path: Path, archive: Path, *extra: str, key: str = KEY):
    target = tmp_path / "target.sqlite3"
    done = asap(f"sqlite:///{target}", tmp_path / "data", "restore", str(archive), *extra, key=key)
    tables = sqlite3.connect(target).execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    media = list((tmp_path / "data" / "media").rglob("*"))
    return done, tables, media


def test_archive_restores_and_holds_no_plaintext(archive, tmp_path):
    content = archive.read_bytes()
    assert CANARY.encode() not in content
    assert b"SQLite format" not in content
    assert content.startswith(backup.MAGIC)
    assert archive.stat().st_mode & 0o077 == 0
    done, tables, media = _restore_into_fresh(tmp_path, archive)
    assert done.returncode == 0, done.stderr
    assert MATCH in done.stdout
    assert tables > 40
    assert len(media) == 2
    rows = table_rows(f"sqlite:///{tmp_path / 'target.sqlite3'}")
    assert any(CANARY in row for row in rows["accounts_organisation"])


@pytest.mark.parametrize(
    "damage",
    ["header", "middle", "last byte", "truncated", "extra byte"],
)
def test_damaged_archive_is_refused_and_changes_nothing(archive, tmp_path, damage):
    content = bytearray(archive.read_bytes())
    header_end = len(backup.MAGIC) + 4 + int.from_bytes(content[12:16], "big")
    if damage == "header":  # the creation time, still valid JSON: only the chunks can tell
        content[content.index(b'"created_at": "2') + 17] ^= 0x01
    elif damage == "middle":
        content[(header_end + len(content)) // 2] ^= 0x01
    elif damage == "last byte":
        content[-1] ^= 0x80
    elif damage == "truncated":
        del content[-100:]
    else:
        content += b"\x00"
    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(bytes(content))
    done, tables, media = _restore_into_fresh(tmp_path, damaged)
    assert done.returncode != 0
    assert "nothing was restored" in done.stderr or "damaged" in done.stderr, done.stderr
    assert tables == 0
    assert media == []


def _sealed_chunks(monkeypatch, data: bytes) -> tuple[bytes, list[bytes]]:
    """An archive stream of `data` in 10-byte chunks: its prefix and its framed chunks."""
    monkeypatch.setattr(backup_archive, "CHUNK", 10)
    out = io.BytesIO()
    writer = backup_archive.SealingWriter(out, base64.urlsafe_b64decode(KEY), {"format": 1})
    writer.write(data)
    writer.finish()
    content = out.getvalue()
    position = len(writer.prefix)
    chunks = []
    while position < len(content):
        size = 4 + int.from_bytes(content[position : position + 4], "big")
        chunks.append(content[position : position + size])
        position += size
    return writer.prefix, chunks


def _open(stream: bytes) -> bytes:
    return b"".join(backup_archive.open_chunks(io.BytesIO(stream), base64.urlsafe_b64decode(KEY)))


def test_chunks_cannot_be_dropped_reordered_or_replayed(monkeypatch):
    data = bytes(range(35))
    prefix, chunks = _sealed_chunks(monkeypatch, data)
    assert len(chunks) == 4
    assert _open(prefix + b"".join(chunks)) == data
    first, second, third, final = chunks
    forged = {
        "final chunk dropped": [first, second, third],
        "middle chunk dropped": [first, third, final],
        "chunks swapped": [second, first, third, final],
        "chunk replayed": [first, first, second, third, final],
    }
    for name, parts in forged.items():
        with pytest.raises(backup.BackupError, match="nothing was restored"):
            _open(prefix + b"".join(parts))
        assert name
    _other_prefix, other_chunks = _sealed_chunks(monkeypatch, data)
    with pytest.raises(backup.BackupError, match="modified or damaged"):
        _open(prefix + other_chunks[0] + second + third + final)  # a chunk of another archive


def test_wrong_key_is_refused_and_changes_nothing(archive, tmp_path):
    done, tables, media = _restore_into_fresh(tmp_path, archive, key=backup.generate_key())
    assert done.returncode != 0
    assert "made with another ASAP_BACKUP_KEY" in done.stderr
    assert tables == 0
    assert media == []


def test_check_authenticates_without_restoring(archive, tmp_path):
    done, tables, media = _restore_into_fresh(tmp_path, archive, "--check", "-v2")
    assert "\naccounts_organisation 1\n" in done.stdout
    assert done.returncode == 0
    assert "Archive intact" in done.stdout
    assert tables == 0
    assert media == []


def test_restore_into_a_non_empty_database_is_refused(archive, tmp_path):
    live = tmp_path / "live.sqlite3"
    with sqlite3.connect(live) as db:
        db.execute("CREATE TABLE accounts_user (id integer PRIMARY KEY, email text)")
        db.execute("INSERT INTO accounts_user VALUES (1, 'someone@example.org')")
    url = f"sqlite:///{live}"
    before = table_rows(url)
    assert before == {"accounts_user": Counter(["(1, 'someone@example.org')"])}
    done = asap(url, tmp_path / "data", "restore", str(archive))
    assert done.returncode != 0
    assert "The target database is not empty" in done.stderr
    assert table_rows(url) == before


@pytest.mark.parametrize("check", [False, True])
def test_restore_of_a_missing_archive_is_refused(tmp_path, check):
    missing = tmp_path / "missing.backup"
    options = {"check": True} if check else {}
    with pytest.raises(CommandError, match=f"Cannot read {missing}: No such file"):
        call_command("restore", str(missing), **options)


def test_backup_refuses_to_overwrite(archive):
    url = f"sqlite:///{archive.parent / 'source.sqlite3'}"
    before = archive.read_bytes()
    done = asap(url, archive.parent / "source", "backup", str(archive))
    assert done.returncode != 0
    assert "already exists" in done.stderr
    assert archive.read_bytes() == before


def test_generate_key(capsys):
    call_command("backup", "--generate-key")
    call_command("backup", "--generate-key")
    first, second = capsys.readouterr().out.split()
    assert first != second
    assert len(base64.urlsafe_b64decode(first)) == 32


@override_settings(PRODUCTION=True)
def test_production_refuses_a_missing_or_weak_key(monkeypatch, tmp_path, settings):
    monkeypatch.delenv("ASAP_BACKUP_KEY", raising=False)
    with pytest.raises(CommandError, match="Set ASAP_BACKUP_KEY"):
        call_command("backup", str(tmp_path / "x.backup"))
    assert not (tmp_path / "x.backup").exists()
    refused = {
        backup.DEVELOPMENT_BACKUP_KEY: "development key",
        settings.ASAP_FIELD_KEYS[0]: "must not be one of ASAP_FIELD_KEYS",
        "not-a-key": "is not a backup key",
    }
    for value, message in refused.items():
        monkeypatch.setenv("ASAP_BACKUP_KEY", value)
        with pytest.raises(backup.BackupError, match=message):
            backup.backup_key()
    monkeypatch.setenv("ASAP_BACKUP_KEY", KEY)
    assert len(backup.backup_key()) == 32
