"""The database half of backups: consistent snapshots, restores and per-table checksums.

A table's checksum is SHA-256 over its rows in primary-key order (SQLite: each row's values,
PostgreSQL: each row's text form under fixed session settings), so a restored database can be
compared with the snapshot table by table. Passwords go to pg_dump / pg_restore in the
environment (PGPASSWORD), never on the command line.
"""

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess  # nosec B404: pg_dump/psql with fixed arguments, no shell
from pathlib import Path
from typing import Any

from django.db import connection

Checksums = dict[str, dict[str, Any]]


def _error(message: str) -> Exception:
    from asap.core.backup_archive import BackupError

    return BackupError(message)


def _digest(rows: Any) -> dict[str, Any]:
    digest, count = hashlib.sha256(), 0
    for row in rows:
        encoded = row.encode() if isinstance(row, str) else row
        digest.update(len(encoded).to_bytes(8, "big"))
        digest.update(encoded)
        count += 1
    return {"rows": count, "sha256": digest.hexdigest()}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# SQLite ----------------------------------------------------------------------------------


def _sqlite_value(value: Any) -> Any:
    return ("blob", value.hex()) if isinstance(value, bytes) else value


def sqlite_checksums(path: Path) -> Checksums:
    result: Checksums = {}
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA temp_store = MEMORY")  # no sort spills into the system's /tmp
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        for name in names:
            columns = db.execute(f"PRAGMA table_info({_quote(name)})").fetchall()
            keys = [c[1] for c in sorted(columns, key=lambda c: c[5]) if c[5] > 0]
            order = ", ".join(_quote(k) for k in keys) if keys else "rowid"
            rows = db.execute(f"SELECT * FROM {_quote(name)} ORDER BY {order}")  # noqa: S608  # nosec B608: quoted table names
            result[name] = _digest(repr(tuple(map(_sqlite_value, row))) for row in rows)
    return result


def sqlite_snapshot(source: Path, target: Path) -> None:
    """Copy a live SQLite database with the online backup API, in one step (one read
    transaction, so writers carry on and the copy is consistent)."""
    if not source.is_file():
        raise _error(f"The SQLite database {source} does not exist.")
    with (
        contextlib.closing(sqlite3.connect(source, timeout=20)) as live,
        contextlib.closing(sqlite3.connect(target)) as copy,
    ):
        copy.execute("PRAGMA temp_store = MEMORY")
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file


def sqlite_restore(snapshot: Path, target: Path) -> None:
    with (
        contextlib.closing(sqlite3.connect(snapshot)) as source,
        contextlib.closing(sqlite3.connect(target, timeout=20)) as db,
    ):
        source.backup(db)
        db.execute("PRAGMA journal_mode=WAL")


# PostgreSQL ------------------------------------------------------------------------------

# Fixed so that the text form of timestamps, floats and bytes is the same on any server.
SESSION = (
    "SET LOCAL TimeZone = 'UTC'",
    "SET LOCAL DateStyle = 'ISO, YMD'",
    "SET LOCAL IntervalStyle = 'postgres'",
    "SET LOCAL extra_float_digits = 3",
    "SET LOCAL bytea_output = 'hex'",
)


def _pg_params(db: dict[str, Any]) -> dict[str, str]:
    params = {
        "host": db.get("HOST") or "",
        "port": str(db.get("PORT") or ""),
        "user": db.get("USER") or "",
        "password": db.get("PASSWORD") or "",
        "dbname": db.get("NAME") or "",
        "sslmode": (db.get("OPTIONS") or {}).get("sslmode", ""),
    }
    return {key: value for key, value in params.items() if value}


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    names = {
        "host": "PGHOST",
        "port": "PGPORT",
        "user": "PGUSER",
        "password": "PGPASSWORD",  # nosec B105: a variable name, not a password
        "dbname": "PGDATABASE",
        "sslmode": "PGSSLMODE",
    }
    env = dict(os.environ)
    env.update({names[key]: value for key, value in _pg_params(db).items()})
    return env


def _run(program: str, arguments: list[str], db: dict[str, Any]) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise _error(
            f"{program} is not installed: install the PostgreSQL client of the server's version."
        )
    done = subprocess.run(  # noqa: S603  # nosec B603: fixed program, no shell, no password in args
        [executable, *arguments], env=_pg_env(db), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise _error(f"{program} failed: {done.stderr.strip()[-2000:]}")


def _pg_connect(db: dict[str, Any]) -> Any:
    import psycopg

    conn = psycopg.connect(**_pg_params(db))
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    conn.read_only = True
    return conn


def postgres_checksums(conn: Any) -> Checksums:
    """Checksums of every table of the current schema, in the connection's transaction."""
    from psycopg import sql

    for statement in SESSION:
        conn.execute(statement)
    names = [
        row[0]
        for row in conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1"
        )
    ]
    result: Checksums = {}
    for name in names:
        keys = [
            row[0]
            for row in conn.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                "WHERE i.indrelid = %s::regclass AND i.indisprimary "
                "ORDER BY array_position(i.indkey::int2[], a.attnum)",
                [_quote(name)],
            )
        ]
        order = sql.SQL(", ").join(sql.Identifier(k) for k in keys) if keys else sql.SQL("1")
        query = sql.SQL("SELECT t::text FROM {} AS t ORDER BY {}").format(
            sql.Identifier(name), order
        )
        with conn.cursor(name=f"checksum_{len(result)}") as cursor:
            cursor.execute(query)
            result[name] = _digest(row[0] for row in cursor)
    return result


def postgres_dump(db: dict[str, Any], path: Path) -> Checksums:
    """pg_dump (custom format) of an exported snapshot, and the checksums of that snapshot."""
    with contextlib.closing(_pg_connect(db)) as conn:
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        checksums = postgres_checksums(conn)
        _run(
            "pg_dump",
            ["--format=custom", "--no-owner", f"--snapshot={snapshot}", f"--file={path}"],
            db,
        )
        conn.rollback()
    return checksums


def postgres_restore(db: dict[str, Any], dump: Path) -> Checksums:
    """pg_restore in one transaction (a failure leaves the database as it was)."""
    _run(
        "pg_restore",
        [
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={db['NAME']}",
            str(dump),
        ],
        db,
    )
    with contextlib.closing(_pg_connect(db)) as conn:
        checksums = postgres_checksums(conn)
        conn.rollback()
    return checksums


def target_tables() -> list[str]:
    """The tables already in the configured database (a restore needs none)."""
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))
