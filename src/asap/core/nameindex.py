"""The keyed blind index of name parts: how a member finds their case by a name.

A name is cut into parts (NFKD, accents dropped, case folded, a few letters without a
decomposition folded by hand, split on anything that is not a letter or a digit:
"Anna-Maria Rossi" → anna, maria, rossi) and each part is stored as an HMAC-SHA256 under
ASAP_NAME_INDEX_KEY, a secret of its own (never a field key: whoever holds the field keys
cannot recompute the index from them, and rotating one does not touch the other). The
index holds no name in clear; who may search which role's names is decided by
`PersonNamePart.objects.search_for` (asap.cases.querysets).
"""

import hashlib
import hmac
import re
import unicodedata
from typing import Any

from django.conf import settings

from asap.core import datakeys

# Letters and digits of any script; everything else (spaces, hyphens, apostrophes, dots)
# separates parts.
_PART = re.compile(r"[^\W_]+")
# Letters that NFKD leaves whole, folded as a person typing without them would (Croatian
# đ, Polish ł, Danish ø, Turkish dotless i, ligatures).
_FOLD = str.maketrans(
    {"đ": "d", "ð": "d", "ł": "l", "ø": "o", "\u0131": "i", "ħ": "h"}
    | {"æ": "ae", "œ": "oe", "þ": "th"}
)
# At most this many parts of one name are indexed: the index is for names, not for texts.
MAX_PARTS = 12


def name_parts(name: str) -> list[str]:
    """The normalised parts of `name`, each once, in order of first appearance."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.casefold().translate(_FOLD)
    parts: list[str] = []
    for part in _PART.findall(stripped):
        if part not in parts:
            parts.append(part)
    return parts[:MAX_PARTS]


def searchable(name: str) -> str:
    """`name` without the marker an erasure leaves in place of what it erased ("[erased]",
    or its translation when a destroyed key reads as it): never a part to find."""
    for marker in {"[erased]", datakeys.erased_text()}:
        name = name.replace(marker, " ")
    return name


def _key() -> bytes:
    return hashlib.sha256(b"asap-name-parts:" + settings.ASAP_NAME_INDEX_KEY.encode()).digest()


def name_digests(name: str) -> list[str]:
    """The HMAC-SHA256 (hex) of each part of `name` under the name index key; none for an
    empty name."""
    key = _key()
    return [hmac.new(key, p.encode(), hashlib.sha256).hexdigest() for p in name_parts(name)]


def rebuild_index(person_model: Any, part_model: Any, *, batch: int = 2000) -> int:
    """Every person's name parts made again under the current key: the table emptied, then
    one insert per `batch` rows. For `asap keys reindex` and the data migration, which run
    it inside a named scope (and pass their models). The number of rows written."""
    part_model._default_manager.all().delete()
    persons = (
        person_model._default_manager.filter(name__isnull=False)
        .order_by("pk")
        .values_list("pk", "case_id", "role", "name")
    )
    rows: list[Any] = []
    written = 0
    for pk, case_id, role, name in persons.iterator(chunk_size=batch):
        rows += [
            part_model(case_id=case_id, person_id=pk, role=role, digest=d)
            for d in name_digests(searchable(name or ""))
        ]
        if len(rows) >= batch:
            part_model._default_manager.bulk_create(rows)
            written, rows = written + len(rows), []
    if rows:
        part_model._default_manager.bulk_create(rows)
        written += len(rows)
    return written
