"""Writing and verifying the hash-chained audit trail.

`record()` is called by services inside their own `transaction.atomic()` block, so the audit
row commits or rolls back with the change it describes. It stores field names, never values.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from asap.core.context import request_id_var
from asap.core.models import AuditEvent, AuditHead

GENESIS_HASH = "0" * 64


def _row_hash(event: AuditEvent) -> str:
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
    ]
    canonical = json.dumps(content, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


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
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().get(pk=1)
        event = AuditEvent(
            seq=head.seq + 1,
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
            prev_hash=head.hash,
        )
        event.hash = _row_hash(event)
        event.save(force_insert=True)
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


@dataclass(frozen=True)
class Verification:
    checked: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify() -> Verification:
    """Walk the whole chain; report the first row that was changed, removed or reordered."""
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return Verification(checked, expected_seq, "row is missing (deleted)")
        if event.prev_hash != prev_hash:
            return Verification(checked, event.seq, "previous-hash link is broken")
        if _row_hash(event) != event.hash:
            return Verification(checked, event.seq, "row content was changed")
        checked += 1
        expected_seq, prev_hash = event.seq + 1, event.hash
    head = AuditHead.objects.get(pk=1)
    if head.seq != expected_seq - 1 or head.hash != prev_hash:
        return Verification(checked, expected_seq, "rows at the end of the trail are missing")
    return Verification(checked)
