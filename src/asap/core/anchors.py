"""Anchors of the audit chain: its head, kept where the database cannot change it.

The keyed hash (`asap.core.audit`) catches a changed row, but not rows cut from the end
together with the head, nor a wiped table. So once a day the worker records the head
(sequence and hash) in a file outside the data directory (`ASAP_AUDIT_ANCHOR_FILE`, one JSON
line per anchor, appended) and e-mails it to every data-protection officer, whose mailboxes
keep a second copy. `asap audit verify` checks the chain against the last anchor in the file,
or against one given from an e-mail (`--seq`, `--hash`).
"""

import datetime
import json
import logging
import os
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from asap.accounts.models import User
from asap.core import audit
from asap.core.models import AuditHead
from asap.core.roles import Role

logger = logging.getLogger(__name__)
RUN_AT_HOUR = 5


class AnchorFileMissingError(RuntimeError):
    """No anchor file is configured (ASAP_AUDIT_ANCHOR_FILE)."""


def anchor_file() -> Path:
    path = settings.ASAP_AUDIT_ANCHOR_FILE
    if path is None:
        raise AnchorFileMissingError("Set ASAP_AUDIT_ANCHOR_FILE to a file outside ASAP_DATA_DIR.")
    return Path(path)


def last_anchor() -> audit.Anchor | None:
    """The last anchor written to the file, or None before the first one."""
    path = anchor_file()
    if not path.exists():
        return None
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not lines:
        return None
    data = json.loads(lines[-1])
    return audit.Anchor(seq=int(data["seq"]), hash=str(data["hash"]), at=str(data["at"]))


def officers() -> list[User]:
    """Every active data-protection officer of an active organisation."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__role=Role.DATA_PROTECTION_OFFICER,
            memberships__is_active=True,
            memberships__organisation__is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def record_anchor() -> audit.Anchor:
    """Append the chain's head to the anchor file, audit it, and e-mail it to the officers."""
    path = anchor_file()
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().get(pk=1)
        anchor = audit.Anchor(seq=head.seq, hash=head.hash, at=timezone.now().isoformat())
        audit.record(actor=None, action="audit.anchor", object_type="audit_head", object_id=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps({"seq": anchor.seq, "hash": anchor.hash, "at": anchor.at}) + "\n"
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as file:
        file.write(line)
        file.flush()
        os.fsync(file.fileno())
    for officer in officers():
        with translation.override(officer.language or None):
            subject = _("Audit trail anchor of %(date)s") % {"date": anchor.at[:10]}
            body = _(
                "The platform's audit trail had %(seq)s rows at %(at)s; the hash of the last "
                "one is %(hash)s. Keep this e-mail: with it, `asap audit verify --seq %(seq)s "
                "--hash %(hash)s` shows whether rows were later removed or changed."
            ) % {"seq": anchor.seq, "at": anchor.at, "hash": anchor.hash}
        try:
            send_mail(subject, body, None, [officer.email])
        except OSError:
            logger.exception("The audit anchor could not be e-mailed to officer %s", officer.pk)
    return anchor


@task()
def anchor_audit_trail(requeue: bool = True) -> int:
    """Record today's anchor; queue the next run for tomorrow morning."""
    today = timezone.localdate()
    try:
        return record_anchor().seq
    finally:
        if requeue:
            tomorrow = timezone.make_aware(
                datetime.datetime.combine(
                    today + datetime.timedelta(days=1), datetime.time(RUN_AT_HOUR)
                )
            )
            anchor_audit_trail.using(run_after=tomorrow).enqueue()
