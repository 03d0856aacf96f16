"""Start-up says what is wrong: a wrong field key, a refused setting, a database that does not
answer or a bad DATABASE_URL stop every `asap` command with one line on standard error, no
traceback; the development key is named once."""

import io
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.test import override_settings

from asap.core import checks, datakeys
from asap.core.datakeys import KeysDoNotOpenError
from asap.core.models import DataKey
from tests.core.test_settings import PRODUCTION
from tests.once import one_database

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()
DATABASE_DOWN = "postgres://postgres@127.0.0.1:1/x"
# Every kind of command: the configuration check, the schema, the servers, the platform's own.
COMMANDS = [
    ["check"],
    ["migrate"],
    ["runserver", "127.0.0.1:18799"],
    ["demo", "--port", "18799"],
    ["backup"],
    ["keys", "rotate"],
]


# The tests marked one_database run `asap` in a subprocess without the suite's DATABASE_URL
# (a SQLite database of their own, or a URL they name): the same on either CI run.


def _asap(*args: str, data: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    """`asap <args>` in a clean environment (no ASAP_ variables but `variables`). A server
    that starts instead of failing is stopped by the timeout, and the test fails."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("ASAP_") and k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(ASAP_DATA_DIR=str(data), ASAP_EMAIL_URL="locmem://", **variables)
    return subprocess.run(
        [sys.executable, "-m", "asap.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single line on standard error of a command that failed without a traceback."""
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def database_of_key_a(tmp_path_factory) -> Path:
    """A database whose tables were made under key A (so its sentinel is wrapped with A)."""
    data = tmp_path_factory.mktemp("key-a")
    done = _asap("migrate", "core", "-v", "0", data=data, ASAP_FIELD_KEYS=KEY_A)
    assert done.returncode == 0, done.stderr
    return data / "asap.sqlite3"


@pytest.fixture
def data_of_key_a(database_of_key_a, tmp_path) -> Path:
    """A data folder holding its own copy of the key-A database."""
    shutil.copyfile(database_of_key_a, tmp_path / "asap.sqlite3")
    return tmp_path


# --- a wrong key ---------------------------------------------------------------------------


@one_database
def test_the_database_made_under_key_a_opens_with_a_and_with_b_before_a(data_of_key_a):
    assert _asap("check", data=data_of_key_a, ASAP_FIELD_KEYS=KEY_A).returncode == 0
    rotating = _asap("check", data=data_of_key_a, ASAP_FIELD_KEYS=f"{KEY_B},{KEY_A}")
    assert rotating.returncode == 0, rotating.stderr
    assert rotating.stderr == ""


@one_database
@pytest.mark.parametrize("command", [["check"], ["migrate"], ["backup"]], ids=" ".join)
def test_a_wrong_key_stops_the_command_in_one_line(data_of_key_a, command):
    line = _one_line(_asap(*command, data=data_of_key_a, ASAP_FIELD_KEYS=KEY_B))
    assert line == f"Configuration error: {datakeys.WRONG_KEYS}"


@one_database
def test_a_wrong_key_stops_runserver_before_it_serves(data_of_key_a):
    line = _one_line(
        _asap("runserver", "127.0.0.1:18798", data=data_of_key_a, ASAP_FIELD_KEYS=KEY_B)
    )
    assert "ASAP_FIELD_KEYS does not open this database" in line


@one_database
def test_a_wrong_key_stops_gunicorn_loading_the_application(data_of_key_a):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASAP_")}
    env.pop("DATABASE_URL", None)
    env.update(ASAP_DATA_DIR=str(data_of_key_a), ASAP_FIELD_KEYS=KEY_B)
    result = subprocess.run(
        [sys.executable, "-c", "import asap.wsgi"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 4  # gunicorn's "application failed to load": it stops
    assert _one_line(result) == f"Configuration error: {datakeys.WRONG_KEYS}"


@pytest.mark.django_db
def test_the_server_start_check_refuses_a_key_that_does_not_open_the_sentinel(monkeypatch):
    monkeypatch.setenv(checks.WARNED, "1")  # the test suite runs on the development key
    assert DataKey.objects.filter(subject=datakeys.SENTINEL).count() == 1  # made by migrate
    checks.at_server_start()
    with override_settings(ASAP_FIELD_KEYS=[KEY_B]), pytest.raises(KeysDoNotOpenError) as raised:
        checks.at_server_start()
    assert "\n" not in str(raised.value)


@pytest.mark.django_db
def test_a_database_made_before_the_sentinel_is_checked_by_its_newest_key():
    DataKey.objects.filter(subject=datakeys.SENTINEL).delete()
    datakeys.key_for(datakeys.KeyOwner(7, datakeys.VICTIM))
    with override_settings(ASAP_FIELD_KEYS=[KEY_B]), pytest.raises(KeysDoNotOpenError):
        checks.open_field_keys()
    assert not DataKey.objects.filter(subject=datakeys.SENTINEL).exists()
    assert checks.open_field_keys() is True
    assert DataKey.objects.filter(subject=datakeys.SENTINEL).count() == 1


# --- configuration and connection errors ---------------------------------------------------


@one_database
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_database_that_does_not_answer_is_one_line(tmp_path, command):
    line = _one_line(
        _asap(*command, data=tmp_path, DATABASE_URL=DATABASE_DOWN, ASAP_FIELD_KEYS=KEY_A)
    )
    assert line.startswith("Database error: connection failed: ")
    assert "port 1 failed" in line


@one_database
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_production_without_keys_is_one_line_for_every_command(tmp_path, command):
    variables = {k: v for k, v in PRODUCTION.items() if k != "ASAP_FIELD_KEYS"}
    line = _one_line(_asap(*command, data=tmp_path, **variables))
    assert line == (
        "Configuration error: Set ASAP_FIELD_KEYS to one or more Fernet keys (newest first) "
        "for production."
    )


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("nonsense://", "DATABASE_URL is not a database URL: Scheme 'nonsense://' is unknown"),
        ("postgres://u@127.0.0.1:99999/x", "DATABASE_URL is not a database URL: Port out of range"),
    ],
)
@one_database
@pytest.mark.parametrize("command", [["check"], ["runserver"], ["backup"]], ids=" ".join)
def test_a_bad_database_url_is_one_line(tmp_path, url, named, command):
    line = _one_line(_asap(*command, data=tmp_path, DATABASE_URL=url, ASAP_FIELD_KEYS=KEY_A))
    assert line.startswith(f"Configuration error: {named}")


@one_database
def test_the_traceback_is_shown_when_asked_for(tmp_path):
    result = _asap(
        "check", "--traceback", data=tmp_path, DATABASE_URL=DATABASE_DOWN, ASAP_FIELD_KEYS=KEY_A
    )
    assert result.returncode != 0
    assert "Traceback (most recent call last)" in result.stderr
    assert "django.db.utils.OperationalError: connection failed" in result.stderr


# --- the development key -------------------------------------------------------------------


@one_database
def test_the_development_key_is_named_in_one_line_and_not_in_a_reloaded_child(tmp_path):
    warned = _asap("check", data=tmp_path)
    assert warned.returncode == 0, warned.stderr
    assert warned.stderr.splitlines() == [
        "Warning: ASAP_FIELD_KEYS is not set, so the built-in development key encrypts the "
        "data; it is public: never enter real data (make a key with `asap keys generate`)."
    ]
    # runserver's reloader starts its child with the parent's environment, marker included.
    child = _asap("check", data=tmp_path, **{checks.WARNED: "1"})
    assert child.returncode == 0
    assert child.stderr == ""
    own_key = _asap("check", data=tmp_path, ASAP_FIELD_KEYS=KEY_A)
    assert own_key.returncode == 0
    assert own_key.stderr == ""


@one_database
def test_a_check_before_the_first_migrate_passes_and_creates_nothing(tmp_path):
    assert _asap("check", data=tmp_path, ASAP_FIELD_KEYS=KEY_A).returncode == 0
    with sqlite3.connect(tmp_path / "asap.sqlite3") as db:
        tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    assert tables == []


def test_the_development_key_warning_is_printed_once_per_process(monkeypatch, settings):
    monkeypatch.delenv(checks.WARNED, raising=False)
    settings.ASAP_FIELD_KEYS = [settings.DEVELOPMENT_FIELD_KEY]
    stream = io.StringIO()
    assert checks.warn_development_key(stream) is True
    assert checks.warn_development_key(stream) is False
    assert len(stream.getvalue().splitlines()) == 1
    monkeypatch.delenv(checks.WARNED)
    settings.ASAP_FIELD_KEYS = [KEY_A]
    assert checks.warn_development_key(stream) is False
