"""Fresh databases for the upgrade tests, on the engine the suite runs on.

The tests migrate and read these databases in subprocesses with an explicit DATABASE_URL, so
the suite's own test database is never touched: an SQLite file when the suite runs on SQLite,
an own PostgreSQL database (created here, dropped afterwards) when it runs on PostgreSQL.
"""

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
# The field key the demo used by default when the fixtures were made (settings'
# DEVELOPMENT_FIELD_KEY at d8779fe): the fixtures' values are encrypted under it.
DEMO_FIELD_KEY = "YXNhcC1kZW1vLWZpZWxkLWtleS1ub3QtZm9yLXByb2Q="


def on_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def _server() -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}"


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{_server()}/postgres", autocommit=True) as db:
        db.execute(sql)


@contextmanager
def fresh_database(folder: Path) -> Iterator[str]:
    """An empty database of the suite's engine; yields its DATABASE_URL."""
    if not on_postgresql():
        yield f"sqlite:///{folder / 'upgrade.sqlite3'}"
        return
    name = f"asap_upgrade_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}"')
    try:
        yield f"{_server()}/{name}"
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_script(code: str, url: str, folder: Path) -> str:
    """Run Python `code` with the platform set up on the database at `url`; return stdout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASAP_")}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="asap.settings",
        ASAP_DATA_DIR=str(folder / "data"),
        ASAP_FIELD_KEYS=DEMO_FIELD_KEY,
        ASAP_AUDIT_ANCHOR_FILE=str(folder / "audit-anchors.jsonl"),
        ASAP_ERASURE_LEDGER_FILE=str(folder / "erasure-ledger.jsonl"),
        ASAP_EMAIL_URL="locmem://",
        PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    )
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return done.stdout
