"""Encrypted fields: no plaintext in the database, exact-match lookups, key rotation."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from asap.accounts import services
from asap.accounts.models import Organisation
from asap.core import crypto
from tests.once import one_database

SHELTER_ADDRESS = "Via Nascosta 17, Rifugio Aurora"


def _raw(organisation, column):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM accounts_organisation WHERE id = %s",  # noqa: S608
            [organisation.pk],
        )
        return cursor.fetchone()[0]


def _shelter():
    """A shelter whose address and contact e-mail are stored encrypted."""
    return services.create_organisation(
        actor=None,
        name="Shelter",
        kind="victim_support_service",
        country="it",
        language="it",
        address=SHELTER_ADDRESS,
        contact_email="Intake@Shelter.example",
    )


@pytest.mark.django_db
def test_the_raw_row_holds_no_plaintext_of_an_encrypted_field():
    organisation = _shelter()
    raw_address = _raw(organisation, "address")
    assert "Nascosta" not in raw_address
    assert "shelter" not in _raw(organisation, "contact_email").lower()
    assert Organisation.objects.get(pk=organisation.pk).address == SHELTER_ADDRESS


@pytest.mark.django_db
def test_the_blind_index_finds_an_exact_match_whatever_the_case_and_spacing():
    organisation = _shelter()
    found = Organisation.objects.filter(
        contact_email_index__in=crypto.blind_indexes("  intake@shelter.EXAMPLE ")
    )
    assert list(found) == [organisation]
    assert not Organisation.objects.filter(
        contact_email_index__in=crypto.blind_indexes("other@shelter.example")
    ).exists()


@pytest.mark.django_db
def test_keys_rotate_re_encrypts_everything_under_the_newest_key(vss_worker):
    organisation = _shelter()
    old_keys = list(settings.ASAP_FIELD_KEYS)
    new_key = Fernet.generate_key().decode()
    with override_settings(ASAP_FIELD_KEYS=[new_key, *old_keys]):
        call_command("keys", "rotate")
        found = Organisation.objects.filter(
            contact_email_index__in=crypto.blind_indexes("intake@shelter.example")[:1]
        )
        assert list(found) == [organisation]
    # Only the new key is needed now, for the row and for the MFA secret alike.
    raw = _raw(organisation, "address")
    assert Fernet(new_key).decrypt(raw.encode()).decode() == SHELTER_ADDRESS
    authenticator = vss_worker.authenticator_set.get(type="totp")
    Fernet(new_key).decrypt(authenticator.data["secret"].encode())


@one_database  # `asap demo` on a SQLite database of its own
def test_the_demo_database_file_holds_no_plaintext_of_encrypted_fields(tmp_path: Path):
    env = {**os.environ, "ASAP_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "asap.cli", "demo", "--no-serve"],
        env=env,
        check=True,
        capture_output=True,
    )
    database = tmp_path / "asap.sqlite3"
    with sqlite3.connect(database) as db:  # fold the write-ahead log into the file
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        stored = db.execute(
            "SELECT address FROM accounts_organisation WHERE address != ''"
        ).fetchall()
    assert len(stored) == 2  # the demo planted two addresses
    content = b"".join(p.read_bytes() for p in tmp_path.glob("asap.sqlite3*"))
    assert b"Via dei Mille" not in content
    assert b"Confidential shelter address" not in content
    assert b"Safe Harbour" in content  # the file is readable: names are not encrypted
