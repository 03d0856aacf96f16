"""The data keys of each seeded case and the values sealed under them, as the platform
writes them (`asap.core.datakeys`): a key per subject made on first use, wrapped by the
master keys, and each value sealed as ``k2$<key id>$<fingerprint>$<token>``.

`datakeys.seal` through the ORM costs a query per key and an encryption per value; here
the key rows are queued in a `Table` with the case's other rows, and a text sealed once
under a key is reused for that key (within one case: no two cases share a key).
"""

import datetime

from cryptography.fernet import Fernet

from asap.bench.writer import Table
from asap.core import crypto, datakeys


class CaseKeys:
    """The keys of the case being written: `start()` a case, then `side()` / `person()`."""

    COLUMNS = "case_id subject wrapped fingerprint created_at destroyed_reason"

    def __init__(self, table: Table) -> None:
        self.table = table
        self.wrapper = crypto.multifernet()  # the same wrapping as datakeys._new_key
        self.case_id = 0
        self.at: datetime.datetime | None = None
        self.keys: dict[str, tuple[str, Fernet]] = {}
        self.sealed: dict[tuple[str, str], str] = {}

    def start(self, case_id: int, at: datetime.datetime) -> None:
        self.case_id, self.at = case_id, at
        self.keys.clear()
        self.sealed.clear()

    def side(self, side: str | None, text: str) -> str:
        """`text` sealed under the key of the side that recorded it (`side_owner`)."""
        return self.seal(datakeys.side_owner(self.case_id, side).subject, text)

    def person(self, role: str, number: int, text: str) -> str:
        """`text` sealed under the key of a person of the case."""
        return self.seal(datakeys.person_subject(role, number), text)

    def seal(self, subject: str, text: str) -> str:
        if not text:
            return text  # the field stores an empty value as it is
        token = self.sealed.get((subject, text))
        if token is None:
            prefix, fernet = self.keys.get(subject) or self._new_key(subject)
            token = prefix + fernet.encrypt(text.encode()).decode("ascii")
            self.sealed[subject, text] = token
        return token

    def seal_bytes(self, subject: str, data: bytes) -> bytes:
        """`data` (a file) sealed under the key of `subject`, as `datakeys.seal_bytes`."""
        prefix, fernet = self.keys.get(subject) or self._new_key(subject)
        return prefix.encode("ascii") + fernet.encrypt(data)

    def _new_key(self, subject: str) -> tuple[str, Fernet]:
        raw = Fernet.generate_key()
        fingerprint = datakeys._fingerprint(raw)  # the format's own helper
        wrapped = self.wrapper.encrypt(raw).decode("ascii")
        key_id = self.table.add(self.case_id, subject, wrapped, fingerprint, self.at, "")
        key = self.keys[subject] = (datakeys.token_prefix(key_id, fingerprint), Fernet(raw))
        return key
