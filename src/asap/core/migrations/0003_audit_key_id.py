"""The audit chain becomes keyed (HMAC-SHA-256 with ASAP_AUDIT_KEY).

Rows written before were chained with plain SHA-256, which anyone who can write to the
database can recompute. This migration first verifies that old chain, refuses to go on if it
is broken (so that no earlier tampering is laundered), then re-hashes every row with the
newest audit key. The two hash functions are copied here as they are today, so that later
changes to `asap.core.audit` do not change what this migration does.
"""

import hashlib
import hmac
import json
from datetime import UTC

from django.conf import settings
from django.db import migrations, models

GENESIS = "0" * 64


def _canonical(event, *extra):
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
        *extra,
    ]
    return json.dumps(content, separators=(",", ":"), ensure_ascii=True).encode()


def rechain(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditHead = apps.get_model("core", "AuditHead")
    key = settings.ASAP_AUDIT_KEYS[0]
    key_id = hmac.new(key.encode(), b"asap-audit-key-id", hashlib.sha256).hexdigest()[:12]
    old_prev, new_prev, seq = GENESIS, GENESIS, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        old_hash = hashlib.sha256(_canonical(event)).hexdigest()
        if event.seq != seq + 1 or event.prev_hash != old_prev or event.hash != old_hash:
            raise RuntimeError(
                f"The audit trail is already broken at row #{seq + 1}: investigate with "
                "`asap audit verify` on the previous version before upgrading."
            )
        old_prev, seq = event.hash, event.seq
        event.prev_hash, event.key_id = new_prev, key_id
        event.hash = hmac.new(key.encode(), _canonical(event, key_id), hashlib.sha256).hexdigest()
        AuditEvent.objects.filter(pk=event.pk).update(
            prev_hash=event.prev_hash, key_id=key_id, hash=event.hash
        )
        new_prev = event.hash
    AuditHead.objects.filter(pk=1).update(seq=seq, hash=new_prev)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_head_row")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=16, verbose_name="key id"),
        ),
        migrations.RunPython(rechain, migrations.RunPython.noop),
    ]
