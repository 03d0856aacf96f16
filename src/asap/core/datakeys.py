"""Per-case data keys (envelope encryption) and their destruction (crypto-shredding).

Each case has a data key per side that records content ("victim", "perpetrator",
"agency"), one for texts the platform writes or no side owns ("case"), and one per person
for identifying fields ("person:<role>:<number>"). A data key is a Fernet key, stored in
`DataKey` wrapped by the master keys (`ASAP_FIELD_KEYS`, `asap.core.crypto`). A value of a
case is sealed as ``k2$<key id>$<key fingerprint>$<Fernet token under the data key>``
(`seal`, `unseal`); a file of a case (an attachment) the same way, as bytes
(`seal_bytes`, `unseal_bytes`); values not of a case keep the master-key format of
`asap.core.crypto.encrypt`, which `unseal` also reads.

Destroying a key (`destroy`) empties its wrapped copy and appends it to the erasure ledger
(`asap.core.ledger`): every value sealed under it is beyond use, in the table, in dead
tuples, in the write-ahead log and in old backups (which `asap restore` destroys again from
the ledger, `destroy_listed`). Unwrapped keys are cached in the process, by id and
fingerprint, and the cache is emptied at every request's start.
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import request_started
from django.db import IntegrityError, transaction
from django.db.models import Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from asap.core import crypto, ledger
from asap.core.models import DataKey, RenderedDocument

PREFIX = "k2$"
SENTINEL = "sentinel"
VICTIM, PERPETRATOR, AGENCY, CASE = "victim", "perpetrator", "agency", "case"
# The key of the case's kept PDFs (asap.core.rendered): destroyed with any other key.
RENDERED = "rendered"
SIDE_SUBJECTS = (VICTIM, PERPETRATOR, AGENCY, CASE)


class KeysDoNotOpenError(ImproperlyConfigured):
    """The master keys do not unwrap this database's data keys."""


WRONG_KEYS = (
    "ASAP_FIELD_KEYS does not open this database's data keys: the key they were wrapped "
    "with is missing (put it back in ASAP_FIELD_KEYS, newest first)."
)


@dataclass(frozen=True)
class KeyOwner:
    """Whose key seals a value: a case and a subject of it."""

    case_id: int
    subject: str


def person_subject(role: str, number: int) -> str:
    return f"person:{role}:{number}"


def side_owner(case_id: int, side: str | None) -> KeyOwner:
    """The key of the side that recorded a value ("case" when the platform did)."""
    return KeyOwner(case_id, side if side in (VICTIM, PERPETRATOR, AGENCY) else CASE)


# key id → (fingerprint, Fernet, or None once destroyed); owner → id of its committed key;
# ids of keys made by a transaction not yet committed (never remembered for their owner: a
# rollback would leave the owner pointing at a key that does not exist).
_keys: dict[int, tuple[str, Fernet | None]] = {}
_owners: dict[KeyOwner, int] = {}
_pending: set[int] = set()


def clear_cache(**_kwargs: Any) -> None:
    """Forget every unwrapped key (a request's start, a test, after destroying keys)."""
    _keys.clear()
    _owners.clear()


def _new_request(**_kwargs: Any) -> None:
    clear_cache()
    _pending.clear()


request_started.connect(_new_request, dispatch_uid="asap-datakeys-clear")


def _fingerprint(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def _unwrap(row: DataKey) -> Fernet | None:
    if not row.wrapped:
        return None
    try:
        return Fernet(crypto.multifernet().decrypt(row.wrapped.encode("ascii")))
    except InvalidToken:
        raise KeysDoNotOpenError(WRONG_KEYS) from None


def _remember(row: DataKey) -> Fernet | None:
    fernet = _unwrap(row)
    _keys[row.pk] = (row.fingerprint, fernet)
    if fernet is not None and row.pk not in _pending:
        _owners[KeyOwner(row.case_id, row.subject)] = row.pk  # type: ignore[arg-type]
    return fernet


def _new_key(case_id: int | None, subject: str) -> DataKey:
    raw = Fernet.generate_key()
    return DataKey.objects.create(
        case_id=case_id,
        subject=subject,
        wrapped=crypto.multifernet().encrypt(raw).decode("ascii"),
        fingerprint=_fingerprint(raw),
    )


def _live(owner: KeyOwner) -> DataKey | None:
    return (
        DataKey.objects.filter(
            case_id=owner.case_id, subject=owner.subject, destroyed_at__isnull=True
        )
        .order_by("pk")
        .first()
    )


def key_for(owner: KeyOwner) -> tuple[int, str, Fernet]:
    """The live key of `owner` (made on first use): id, fingerprint, Fernet. A key made in
    a transaction is remembered for the owner only once it commits."""
    key_id = _owners.get(owner)
    if key_id is not None:
        fingerprint, fernet = _keys.get(key_id, ("", None))
        if fernet is not None:
            return key_id, fingerprint, fernet
    row = _live(owner)
    if row is None:
        try:
            with transaction.atomic():
                row = _new_key(owner.case_id, owner.subject)
        except IntegrityError:  # made at the same moment by another request
            row = _live(owner)
            if row is None:
                raise
        else:
            key_id = row.pk
            _pending.add(key_id)
            transaction.on_commit(lambda: _committed(owner, key_id))
    fernet = _remember(row)
    if fernet is None:  # cannot happen for a live key
        raise KeysDoNotOpenError(WRONG_KEYS)
    return row.pk, row.fingerprint, fernet


def _committed(owner: KeyOwner, key_id: int) -> None:
    _pending.discard(key_id)
    if key_id in _keys:
        _owners[owner] = key_id


def token_prefix(key_id: int, fingerprint: str) -> str:
    """What every value sealed under one key starts with (the format, above)."""
    return f"{PREFIX}{key_id}${fingerprint}$"


def seal(text: str, owner: KeyOwner) -> str:
    key_id, fingerprint, fernet = key_for(owner)
    return token_prefix(key_id, fingerprint) + fernet.encrypt(text.encode()).decode("ascii")


def seal_bytes(data: bytes, owner: KeyOwner) -> bytes:
    """`data` (a file) sealed like a text: the same prefix, then the Fernet token, as ASCII
    bytes (the format, above)."""
    key_id, fingerprint, fernet = key_for(owner)
    return token_prefix(key_id, fingerprint).encode("ascii") + fernet.encrypt(data)


def unseal_bytes(token: bytes) -> bytes | None:
    """The bytes `seal_bytes` sealed; None when their key was destroyed (an erasure)."""
    _prefix, key_id_text, fingerprint, body = token.split(b"$", 3)
    key_id = int(key_id_text)
    entry = _keys.get(key_id)
    if entry is None or entry[0] != fingerprint.decode("ascii"):
        _keys.pop(key_id, None)
        _load_keys_near(key_id)
        entry = _keys.get(key_id)
    if entry is None or entry[0] != fingerprint.decode("ascii") or entry[1] is None:
        return None
    try:
        return entry[1].decrypt(body)
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored file does not match its data key: the database is damaged."
        ) from None


def is_sealed(token: str) -> bool:
    return token.startswith(PREFIX)


def key_id_of(token: str) -> int | None:
    return int(token.split("$", 2)[1]) if is_sealed(token) else None


def _load_keys_near(key_id: int) -> None:
    """Every key of the case the key `key_id` belongs to, in one query."""
    of_case = DataKey.objects.filter(pk=key_id).values("case_id")[:1]
    for row in DataKey.objects.filter(Q(pk=key_id) | Q(case_id=Subquery(of_case))):
        _remember(row)


def preload(case_ids: list[int]) -> None:
    """Unwrap the keys of many cases in one query (a list showing their names)."""
    for row in DataKey.objects.filter(case_id__in=case_ids):
        if _keys.get(row.pk, ("",))[0] != row.fingerprint:
            _remember(row)


def erased_text() -> str:
    return gettext("[erased]")


def unseal(token: str) -> str:
    """The clear text of a stored value; "[erased]" when its key was destroyed."""
    if not is_sealed(token):
        return crypto.decrypt(token)
    _prefix, key_id_text, fingerprint, body = token.split("$", 3)
    key_id = int(key_id_text)
    entry = _keys.get(key_id)
    if entry is None or entry[0] != fingerprint:
        _keys.pop(key_id, None)
        _load_keys_near(key_id)
        entry = _keys.get(key_id)
    if entry is None or entry[0] != fingerprint or entry[1] is None:
        return erased_text()
    try:
        return entry[1].decrypt(body.encode("ascii")).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored value does not match its data key: the database is damaged."
        ) from None


def destroy(case_id: int, subjects: list[str], reason: str) -> list[dict[str, Any]]:
    """Destroy the live keys of `subjects` of the case; each goes to the erasure ledger
    (before the transaction commits: an erasure never outlives a crash unrecorded). The
    case's kept PDFs (`asap.core.rendered`) go too, rows and key: they may show what the
    destroyed keys sealed. The ledger entries, which the erasure report lists."""
    now = timezone.now()
    if subjects and RENDERED not in subjects:
        subjects = [*subjects, RENDERED]
    RenderedDocument.objects.filter(case_id=case_id).delete()
    entries = []
    rows = DataKey.objects.select_for_update().filter(
        case_id=case_id, subject__in=subjects, destroyed_at__isnull=True
    )
    for row in rows.order_by("pk"):
        entries.append(
            {
                "key": row.pk,
                "case": case_id,
                "subject": row.subject,
                "fingerprint": row.fingerprint,
                "destroyed_at": now.isoformat(),
                "reason": reason,
            }
        )
    DataKey.objects.filter(pk__in=[e["key"] for e in entries]).update(
        wrapped="", destroyed_at=now, destroyed_reason=reason[:100]
    )
    ledger.append(entries)
    clear_cache()
    return entries


def destroy_all(case_id: int, reason: str) -> list[dict[str, Any]]:
    """Every key of the case (the end of its retention)."""
    subjects = list(
        DataKey.objects.filter(case_id=case_id, destroyed_at__isnull=True).values_list(
            "subject", flat=True
        )
    )
    return destroy(case_id, subjects, reason)


def destroy_listed(entries: list[dict[str, Any]]) -> int:
    """Destroy again the keys a ledger lists (after a restore): matched by id and
    fingerprint. How many were live. The kept PDFs of their cases are deleted as well."""
    now = timezone.now()
    count = 0
    RenderedDocument.objects.filter(case_id__in={e.get("case") for e in entries} - {None}).delete()
    for entry in entries:
        count += DataKey.objects.filter(
            pk=entry["key"], fingerprint=entry["fingerprint"], destroyed_at__isnull=True
        ).update(wrapped="", destroyed_at=now, destroyed_reason="erasure ledger")
    clear_cache()
    return count


def check_keys() -> None:
    """Start-up check: the master keys unwrap the database's sentinel key (made on first
    run, once the newest existing key opens). Raises KeysDoNotOpenError in one line when
    they do not."""
    row = DataKey.objects.filter(case_id__isnull=True, subject=SENTINEL).order_by("pk").first()
    if row is None:
        # A database made before the sentinel: its newest live key must open first, or the
        # sentinel would be made under a wrong key.
        newest = DataKey.objects.exclude(wrapped="").order_by("-pk").first()
        if newest is not None:
            _unwrap(newest)
        _new_key(None, SENTINEL)
        return
    _unwrap(row)


def rewrap() -> int:
    """Wrap every live data key under the newest master key (one row per key)."""
    count = 0
    multifernet = crypto.multifernet()
    with transaction.atomic():
        for row in DataKey.objects.select_for_update().exclude(wrapped="").order_by("pk"):
            if crypto.is_newest(row.wrapped):
                continue
            try:
                row.wrapped = multifernet.rotate(row.wrapped.encode("ascii")).decode("ascii")
            except InvalidToken:
                raise KeysDoNotOpenError(WRONG_KEYS) from None
            row.save(update_fields=["wrapped"])
            count += 1
    clear_cache()
    return count
