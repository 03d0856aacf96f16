"""The erasure ledger: every data key destroyed, kept outside the database.

A backup taken before an erasure still holds the erased side's data key (wrapped by the
master keys). So each destroyed key is appended here (`ASAP_ERASURE_LEDGER_FILE`, beside the
audit anchors, one JSON line per key: id, case, subject, fingerprint, when, why); every
backup carries a copy, and `asap restore` destroys the listed keys again before the
restored database serves (`asap.core.datakeys.destroy_listed`). The ledger holds no content:
a key's fingerprint is a hash of the key, which tells nothing of what it sealed.
"""

import json
import os
from pathlib import Path
from typing import Any

from django.conf import settings


class LedgerMissingError(RuntimeError):
    """No ledger file is configured (ASAP_ERASURE_LEDGER_FILE)."""


def ledger_file() -> Path:
    path = settings.ASAP_ERASURE_LEDGER_FILE
    if path is None:
        raise LedgerMissingError("Set ASAP_ERASURE_LEDGER_FILE to a file outside ASAP_DATA_DIR.")
    return Path(path)


def append(entries: list[dict[str, Any]]) -> None:
    """Append destroyed keys, flushed to disk before returning."""
    if not entries:
        return
    path = ledger_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        for entry in entries:
            out.write(json.dumps(entry, sort_keys=True) + "\n")
        out.flush()
        os.fsync(out.fileno())


def parse(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def read(path: Path | None = None) -> list[dict[str, Any]]:
    """The destroyed keys listed in the ledger (or in a copy of it at `path`)."""
    path = path or ledger_file()
    if not path.exists():
        return []
    return parse(path.read_text(encoding="utf-8"))
