"""Writing and verifying the keyed, hash-chained audit trail.

`record()` is called by services inside their own `transaction.atomic()` block, so the audit
row commits or rolls back with the change it describes. It stores field names, never values.

Each row's hash is an HMAC-SHA-256 over its content and the previous row's hash, keyed with
`ASAP_AUDIT_KEY` from the environment (never stored in the database): someone who can write
to the database can change a row, but cannot compute a hash that verifies. Each row names
its key (`key_id`), so that after a rotation the old key, kept after the new one, still
verifies the old rows. Truncation is caught by anchors (`asap.core.anchors`).
"""

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from asap.core.context import request_id_var
from asap.core.models import AuditEvent, AuditHead

GENESIS_HASH = "0" * 64


def key_id(key: str) -> str:
    """A short public name of an audit key (it reveals nothing of the key)."""
    return hmac.new(key.encode(), b"asap-audit-key-id", hashlib.sha256).hexdigest()[:12]


def audit_keys() -> dict[str, str]:
    """The configured audit keys by their id, newest first."""
    return {key_id(key): key for key in settings.ASAP_AUDIT_KEYS}


def _row_hash(event: AuditEvent, key: str) -> str:
    content = [
        event.seq,
        event.at.astimezone(UTC).isoformat(),
        event.actor_id,
        event.actor_label,
        event.organisation_id,
        event.action,
        event.object_type,
        event.object_id,
        event.case_id,
        list(event.fields),
        event.request_id,
        event.prev_hash,
        event.key_id,
    ]
    canonical = json.dumps(content, separators=(",", ":"), ensure_ascii=True)
    return hmac.new(key.encode(), canonical.encode(), hashlib.sha256).hexdigest()


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    organisation_id: int | None = None,
    case_id: int | None = None,
    fields: Iterable[str] = (),
) -> AuditEvent:
    """Append one audit row in the caller's transaction. Side effect: advances the chain head."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    # In the caller's block without a savepoint of its own: a failed append fails the
    # caller's whole transaction (the change never commits without its row), and saves two
    # statements on every write. Outside any block this is its own transaction.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        # The head moved on and locked by the first statement (no other append passes it
        # until this transaction ends), the row written, the head given the row's hash.
        seq, prev_hash = _advance_head(cursor)
        event = AuditEvent(
            seq=seq,
            at=timezone.now(),
            actor=actor if authenticated else None,
            actor_label=actor.get_username() if authenticated else "",
            organisation_id=organisation_id,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            case_id=case_id,
            fields=sorted(set(fields)),
            request_id=request_id_var.get() if request_id_var.get() != "-" else "",
            prev_hash=prev_hash,
            key_id=key_id(settings.ASAP_AUDIT_KEYS[0]),
        )
        event.hash = _row_hash(event, settings.ASAP_AUDIT_KEYS[0])
        columns = _columns()
        cursor.execute(
            _insert_sql(),
            [f.get_db_prep_save(getattr(event, f.attname), connection) for f in columns],
        )
        event.pk = cursor.fetchone()[0]
        event._state.adding = False
        _set_head_hash(cursor, event.hash)
    return event


def _advance_head(cursor: Any) -> tuple[int, str]:
    """The new row's sequence number and the previous row's hash, the head moved on and
    locked until the transaction ends."""
    cursor.execute(_ADVANCE_HEAD, [1])
    advanced = cursor.fetchone()
    if advanced is None:
        raise AuditHead.DoesNotExist("The audit trail has no head (migrate first).")
    return advanced[0], advanced[1]


def _set_head_hash(cursor: Any, row_hash: str) -> None:
    cursor.execute(_SET_HEAD_HASH, [row_hash, 1])


# The append in three plain statements on every database (the ORM's select, save and save
# cost twice as long): the same rows, the same chain, the same statements counted.
_ADVANCE_HEAD = (
    'UPDATE "core_audithead" SET "seq" = "seq" + 1 WHERE "id" = %s RETURNING "seq", "hash"'
)
_SET_HEAD_HASH = 'UPDATE "core_audithead" SET "hash" = %s WHERE "id" = %s'


@cache
def _columns() -> list[models.Field]:
    return [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]


@cache
def _insert_sql() -> str:
    """The row's INSERT, from the model's own columns (no value is ever part of it)."""
    quote = connection.ops.quote_name
    columns = _columns()
    # Names from the model, values as parameters.
    return (
        f"INSERT INTO {quote(AuditEvent._meta.db_table)} "  # noqa: S608  # nosec B608
        f"({', '.join(quote(f.column) for f in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) RETURNING {quote('id')}"
    )


@dataclass(frozen=True)
class Verification:
    checked: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None and not self.reason

    def line(self) -> str:
        """The finding in one line, for `asap audit verify`."""
        if self.ok:
            return f"Audit trail intact: {self.checked} rows verified."
        where = f" at row #{self.broken_seq}" if self.broken_seq is not None else ""
        return f"Audit trail broken{where}: {self.reason} ({self.checked} rows verified before it)."


@dataclass(frozen=True)
class Anchor:
    """The head of the chain as recorded outside the database on a day."""

    seq: int
    hash: str
    at: str = ""


def _check_row(event: AuditEvent, expected_seq: int, prev_hash: str, keys: dict) -> str:
    if event.seq != expected_seq:
        return "row is missing (deleted)"
    if event.prev_hash != prev_hash:
        return "previous-hash link is broken"
    key = keys.get(event.key_id)
    if key is None:
        return (
            f"row was hashed with a key that is not configured (key id {event.key_id!r}); "
            "keep old keys after the new one in ASAP_AUDIT_KEY"
        )
    if not hmac.compare_digest(_row_hash(event, key), event.hash):
        return "row content was changed (its hash does not verify under the audit key)"
    return ""


def verify(anchor: Anchor | None = None) -> Verification:
    """Walk the whole chain; report the first row that was changed, removed or reordered,
    and, against `anchor`, rows removed from the end or a wiped table."""
    keys = audit_keys()
    expected_seq, prev_hash, checked, hash_at_anchor = 1, GENESIS_HASH, 0, None
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        reason = _check_row(event, expected_seq, prev_hash, keys)
        if reason:
            return Verification(checked, expected_seq, reason)
        if anchor is not None and event.seq == anchor.seq:
            hash_at_anchor = event.hash
        checked += 1
        expected_seq, prev_hash = event.seq + 1, event.hash
    last = expected_seq - 1
    if anchor is not None and anchor.seq > last:
        what = "the audit table is empty" if last == 0 else f"rows #{last + 1} to #{anchor.seq}"
        return Verification(
            checked,
            last + 1,
            f"{what}: the anchor of {anchor.at or 'the last day'} records {anchor.seq} rows "
            "(rows deleted from the end)",
        )
    if anchor is not None and anchor.seq and hash_at_anchor != anchor.hash:
        return Verification(
            checked, anchor.seq, "row differs from the anchor recorded outside the database"
        )
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        return Verification(checked, None, "the chain's head row is missing (deleted)")
    if head.seq > last:
        what = "the audit table is empty" if last == 0 else f"rows #{last + 1} to #{head.seq}"
        return Verification(
            checked, last + 1, f"{what}: the head records {head.seq} rows (deleted from the end)"
        )
    if head.seq != last or head.hash != prev_hash:
        return Verification(checked, last, "the head does not match the last row")
    return Verification(checked)
