"""Production refuses unsafe settings, each with a one-line message naming the variable (no
traceback unless asked for with --traceback)."""

import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet

PRODUCTION = {
    "ASAP_ENV": "production",
    "ASAP_SECRET_KEY": "p" * 20 + "-a-long-random-production-secret-for-tests-only-0123456789",
    "ASAP_FIELD_KEYS": Fernet.generate_key().decode(),
    "ASAP_ALLOWED_HOSTS": "asap.example.org",
    "ASAP_AUDIT_KEY": "a-random-audit-key-for-tests-only-0123456789abcdef",
    "ASAP_NAME_INDEX_KEY": "a-random-name-index-key-for-tests-only-0123456789",
    "ASAP_AUDIT_ANCHOR_FILE": "/srv/asap-anchors/anchors.jsonl",
    "DATABASE_URL": "sqlite:////tmp/asap-production-check.sqlite3",
}


def _run(*args: str, **overrides: str | None) -> subprocess.CompletedProcess[str]:
    # A clean environment: no ASAP_ variables, and not the browser tests' async switch.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("ASAP_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(PRODUCTION)
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "-m", "asap.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"ASAP_SECRET_KEY": None}, "ASAP_SECRET_KEY"),
        (
            {"ASAP_SECRET_KEY": "asap-development-secret-do-not-use-in-production"},
            "ASAP_SECRET_KEY",
        ),
        ({"ASAP_FIELD_KEYS": None}, "ASAP_FIELD_KEYS"),
        ({"ASAP_DEBUG": "true"}, "ASAP_DEBUG"),
        ({"ASAP_ALLOWED_HOSTS": None}, "ASAP_ALLOWED_HOSTS"),
        ({"ASAP_SESSION_IDLE_MINUTES": "soon"}, "ASAP_SESSION_IDLE_MINUTES"),
        ({"ASAP_FIELD_KEYS": "not-a-key"}, "ASAP_FIELD_KEYS"),
        ({"ASAP_EMAIL_URL": "pigeon://loft"}, "ASAP_EMAIL_URL"),
        ({"ASAP_AUDIT_KEY": None}, "ASAP_AUDIT_KEY"),
        ({"ASAP_AUDIT_KEY": "too-short"}, "ASAP_AUDIT_KEY"),
        ({"ASAP_AUDIT_KEY": PRODUCTION["ASAP_SECRET_KEY"]}, "ASAP_AUDIT_KEY"),
        ({"ASAP_NAME_INDEX_KEY": None}, "ASAP_NAME_INDEX_KEY"),
        ({"ASAP_NAME_INDEX_KEY": "too-short"}, "ASAP_NAME_INDEX_KEY"),
        ({"ASAP_NAME_INDEX_KEY": PRODUCTION["ASAP_AUDIT_KEY"]}, "ASAP_NAME_INDEX_KEY"),
        (
            {"ASAP_NAME_INDEX_KEY": "asap-development-name-index-key-do-not-use-in-production"},
            "ASAP_NAME_INDEX_KEY",
        ),
        ({"ASAP_AUDIT_ANCHOR_FILE": None}, "ASAP_AUDIT_ANCHOR_FILE"),
        (
            {"ASAP_DATA_DIR": "/srv/asap-data", "ASAP_AUDIT_ANCHOR_FILE": "/srv/asap-data/a.jsonl"},
            "ASAP_AUDIT_ANCHOR_FILE",
        ),
        (
            {
                "ASAP_DATA_DIR": "/srv/asap-data",
                "ASAP_ERASURE_LEDGER_FILE": "/srv/asap-data/l.jsonl",
            },
            "ASAP_ERASURE_LEDGER_FILE",
        ),
    ],
)
def test_production_refuses_to_start_and_names_the_variable(overrides, variable):
    result = _run("check", **overrides)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration error: ")
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


def test_a_refused_setting_shows_its_traceback_on_request():
    result = _run("check", "--traceback", ASAP_SECRET_KEY=None)
    assert result.returncode != 0
    assert "Traceback" in result.stderr
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert "ASAP_SECRET_KEY" in last_line


def test_the_deployment_check_reports_nothing_under_production_settings():
    result = _run("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
