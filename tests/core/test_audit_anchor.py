"""The keyed chain and its anchors: `asap audit verify` reports, each in one line, a row
changed and the chain recomputed without the key, the last rows deleted with the head fixed,
the table wiped, and the head row deleted."""

import hashlib
import json
import sqlite3
import subprocess
import sys

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from asap.core import anchors, audit
from asap.core.models import AuditEvent
from asap.core.roles import Role
from tests.factories import OrganisationFactory, persona

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def anchor_file(settings, tmp_path):
    settings.ASAP_AUDIT_ANCHOR_FILE = tmp_path / "outside-the-data-dir" / "anchors.jsonl"
    return settings.ASAP_AUDIT_ANCHOR_FILE


def _rows(count=4):
    return [audit.record(actor=None, action=f"test.{n}", object_id=n) for n in range(count)]


def _verify_line():
    with pytest.raises(CommandError) as error:
        call_command("audit", "verify")
    line = str(error.value)
    assert "\n" not in line
    return line


def _recompute_without_the_key(from_seq):
    """What someone who can write to the database does: recompute every hash from `from_seq`
    on with the hash function as it stood before the key (plain SHA-256)."""
    rows = list(AuditEvent.objects.filter(seq__gte=from_seq).order_by("seq"))
    prev = AuditEvent.objects.get(seq=from_seq - 1).hash if from_seq > 1 else "0" * 64
    with connection.cursor() as cursor:
        for event in rows:
            event.prev_hash = prev
            content = json.dumps(
                [event.seq, event.at.isoformat(), event.action, event.prev_hash],
                separators=(",", ":"),
            )
            event.hash = hashlib.sha256(content.encode()).hexdigest()
            cursor.execute(
                "UPDATE core_auditevent SET action = %s, prev_hash = %s, hash = %s WHERE seq = %s",
                [
                    "test.forged" if event.seq == from_seq else event.action,
                    prev,
                    event.hash,
                    event.seq,
                ],
            )
            prev = event.hash
        cursor.execute("UPDATE core_audithead SET hash = %s WHERE id = 1", [prev])


def test_a_row_changed_and_the_chain_recomputed_without_the_key_is_reported():
    rows = _rows()
    call_command("audit", "verify")
    _recompute_without_the_key(rows[1].seq)
    line = _verify_line()
    assert line.startswith(f"Audit trail broken at row #{rows[1].seq}: row content was changed")


def test_the_hash_depends_on_the_key(settings):
    _rows(1)
    settings.ASAP_AUDIT_KEYS = ["another-audit-key-of-at-least-32-characters"]
    assert not audit.verify().ok
    assert "key that is not configured" in audit.verify().reason


def test_after_a_rotation_the_old_key_kept_after_the_new_one_verifies_old_rows(settings):
    old = _rows(2)
    settings.ASAP_AUDIT_KEYS = [
        "the-new-audit-key-of-at-least-32-characters",
        *settings.ASAP_AUDIT_KEYS,
    ]
    new = audit.record(actor=None, action="test.after-rotation")
    assert new.key_id != old[0].key_id
    assert audit.verify().ok


def test_the_last_rows_deleted_and_the_head_fixed_are_reported_against_the_anchor():
    rows = _rows()
    call_command("audit", "anchor")
    anchored = anchors.last_anchor().seq
    keep = rows[1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seq > %s", [keep.seq])
        cursor.execute(
            "UPDATE core_audithead SET seq = %s, hash = %s WHERE id = 1", [keep.seq, keep.hash]
        )
    assert audit.verify().ok  # without the anchor, a clean cut looks whole
    line = _verify_line()
    assert f"rows #{keep.seq + 1} to #{anchored}" in line
    assert "deleted from the end" in line


def test_a_wiped_table_is_reported_against_the_anchor():
    _rows()
    call_command("audit", "anchor")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent")
        cursor.execute("UPDATE core_audithead SET seq = 0, hash = %s WHERE id = 1", ["0" * 64])
    assert "the audit table is empty" in _verify_line()


def test_a_wiped_table_is_reported_by_the_head_too():
    _rows()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent")
    assert "the audit table is empty" in _verify_line()


def test_a_deleted_head_row_is_reported():
    _rows()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_audithead")
    assert "head row is missing" in _verify_line()


def test_an_anchor_from_the_e_mail_is_checked_too():
    rows = _rows()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seq = %s", [rows[-1].seq])
        cursor.execute(
            "UPDATE core_audithead SET seq = %s, hash = %s WHERE id = 1",
            [rows[-2].seq, rows[-2].hash],
        )
    with pytest.raises(CommandError) as error:
        call_command("audit", "verify", "--seq", rows[-1].seq, "--hash", rows[-1].hash)
    assert "deleted from the end" in str(error.value)


def test_the_anchor_goes_to_the_file_and_to_every_data_protection_officer(anchor_file):
    vss, pp = OrganisationFactory(), OrganisationFactory()
    officers = [persona(Role.DATA_PROTECTION_OFFICER, org, mfa=False) for org in (vss, pp)]
    persona(Role.CASE_WORKER, vss, mfa=False)
    _rows(2)
    anchor = anchors.record_anchor()
    line = json.loads(anchor_file.read_text().splitlines()[-1])
    assert (line["seq"], line["hash"]) == (anchor.seq, anchor.hash)
    assert anchor_file.stat().st_mode & 0o077 == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(o.email for o in officers)
    assert all(anchor.hash in m.body for m in mail.outbox)
    assert AuditEvent.objects.filter(action="audit.anchor").exists()


def test_verify_prints_one_line_without_a_traceback_from_the_command_line(tmp_path):
    db = tmp_path / "asap.sqlite3"
    env = {
        "DATABASE_URL": f"sqlite:///{db}",
        "ASAP_AUDIT_ANCHOR_FILE": str(tmp_path / "a.jsonl"),
        "PATH": "/usr/bin:/bin",
    }
    run = [sys.executable, "-m", "asap.cli"]
    subprocess.run([*run, "migrate", "-v", "0"], env=env, check=True, capture_output=True)
    with sqlite3.connect(db) as raw:
        raw.execute("DELETE FROM core_audithead")
    result = subprocess.run(
        [*run, "audit", "verify"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "head row is missing" in result.stderr
    assert "Traceback" not in result.stderr
