"""The erasure ledger in backups: a copy in every archive, and its keys destroyed on restore.

A backup taken before an erasure holds the erased key, still wrapped. Each archive carries the
ledger as it stood just after the snapshot (member `erasure-ledger.jsonl`: ids and
fingerprints of destroyed keys, no content). `asap restore` merges that copy with the
current ledger file (ASAP_ERASURE_LEDGER_FILE), writes back the entries the file lacks (a
ledger lost with its server is rebuilt from the newest archive), and destroys every listed
key again before it returns, so the restored database never serves an erased key.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from asap.core import ledger

MEMBER = "erasure-ledger.jsonl"


def archive_copy() -> bytes:
    """The ledger file's bytes as they are now (empty when there is none)."""
    path = settings.ASAP_ERASURE_LEDGER_FILE
    if path is None or not Path(path).exists():
        return b""
    return Path(path).read_bytes()


def _identity(entry: dict[str, Any]) -> tuple[Any, Any]:
    return entry.get("key"), entry.get("fingerprint")


@dataclass
class Reapplied:
    in_archive: int
    written_back: int
    listed: int
    destroyed: int
    ledger_configured: bool


def reapply(copy: Path) -> Reapplied:
    """Merge the archive's ledger copy (`copy`, may be missing) with the ledger file, append
    the missing entries to the file and destroy every listed key in the restored database."""
    from asap.core import datakeys

    in_archive = ledger.read(copy) if copy.is_file() else []
    configured = settings.ASAP_ERASURE_LEDGER_FILE is not None
    current = ledger.read() if configured else []
    known = {_identity(entry) for entry in current}
    missing, seen = [], set(known)
    for entry in in_archive:
        if _identity(entry) not in seen:
            seen.add(_identity(entry))
            missing.append(entry)
    if configured:
        ledger.append(missing)
    union = current + missing
    destroyed = 0
    with connection.cursor() as cursor:
        has_keys = "core_datakey" in connection.introspection.table_names(cursor)
    if has_keys:  # an archive older than the data keys has none to destroy
        destroyed = datakeys.destroy_listed(union)
    return Reapplied(
        len(in_archive), len(missing) if configured else 0, len(union), destroyed, configured
    )
