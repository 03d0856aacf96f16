"""The audit trail: rows chain by hash, and `asap audit verify` finds a tampered row."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from asap.core import audit
from asap.core.models import AppendOnlyError, AuditEvent


def _three_rows(actor=None):
    return [
        audit.record(
            actor=actor, action=f"test.{n}", object_type="thing", object_id=n, fields=["name"]
        )
        for n in range(3)
    ]


@pytest.mark.django_db
def test_each_row_carries_the_hash_of_the_previous_one(vss_worker):
    first, second, third = _three_rows(vss_worker)
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert (first.actor, first.actor_label) == (vss_worker, vss_worker.email)
    assert audit.verify().ok


@pytest.mark.django_db
def test_verify_reports_the_first_row_changed_directly_in_the_database(capsys):
    rows = _three_rows()
    call_command("audit", "verify")
    assert "Audit trail intact" in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET action = %s WHERE seq = %s", ["test.forged", rows[1].seq]
        )
    with pytest.raises(CommandError) as error:
        call_command("audit", "verify")
    assert str(error.value).startswith(f"Audit trail broken at row #{rows[1].seq}: row content")


@pytest.mark.django_db
def test_verify_reports_a_deleted_row():
    rows = _three_rows()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seq = %s", [rows[1].seq])
    result = audit.verify()
    assert (result.ok, result.broken_seq) == (False, rows[1].seq)
    assert result.reason == "row is missing (deleted)"


@pytest.mark.django_db
def test_verify_reports_rows_deleted_from_the_end():
    rows = _three_rows()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seq = %s", [rows[2].seq])
    result = audit.verify()
    assert (result.ok, result.broken_seq) == (False, rows[2].seq)


@pytest.mark.django_db
def test_audit_rows_cannot_be_changed_or_deleted_through_the_orm():
    row = _three_rows()[0]
    row.action = "test.changed"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    assert AuditEvent.objects.get(pk=row.pk).action == "test.0"


@pytest.mark.django_db
def test_a_row_written_in_a_rolled_back_transaction_disappears_with_it():
    from django.db import transaction

    def record_then_fail():
        with transaction.atomic():
            audit.record(actor=None, action="test.rolled_back")
            raise RuntimeError

    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        record_then_fail()
    assert AuditEvent.objects.count() == before
    assert audit.verify().ok


@pytest.mark.django_db
def test_a_change_whose_audit_row_failed_never_commits_even_if_the_error_is_caught():
    """A service that caught the append's error and carried on would commit its change with
    no row; the append takes no savepoint of its own, so the caller's block cannot commit."""
    from contextlib import suppress

    from django.db import DatabaseError, IntegrityError, connection, transaction

    from asap.accounts.models import Organisation

    def failing_insert(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "core_auditevent"'):
            raise IntegrityError("planted failure of the audit insert")
        return execute(sql, params, many, context)

    def careless_service():
        with transaction.atomic():
            Organisation.objects.create(name="AUDIT-LESS-CHANGE", kind="victim_support_service")
            with connection.execute_wrapper(failing_insert), suppress(IntegrityError):
                audit.record(actor=None, action="test.failed_append")
            Organisation.objects.filter(name="AUDIT-LESS-CHANGE").update(name="CHANGED")

    with pytest.raises(DatabaseError):
        careless_service()
    assert not Organisation.objects.filter(name__in=["AUDIT-LESS-CHANGE", "CHANGED"]).exists()
    assert audit.verify().ok
