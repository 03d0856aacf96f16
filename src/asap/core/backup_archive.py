"""The archive format of backups: keys, and AES-256-GCM sealing of a stream in chunks.

    MAGIC | header length (4 bytes) | header (JSON, readable, authenticated)
    | chunk length (4 bytes) | sealed chunk ... (the last one is flagged final)

Each archive gets its own key, HKDF-SHA256 of ASAP_BACKUP_KEY with a random salt kept in the
header. Every chunk is authenticated with the whole header as associated data and with its
position and a final flag in the nonce, so a modified, reordered, dropped, replayed,
truncated or extended chunk, an edited header, or a wrong key, is refused.

ASAP_BACKUP_KEY is read from the environment when a backup or restore runs, not by the
settings: the web server and the worker never need it, and it is not a field key, so a stolen
archive together with the application's environment still cannot be opened.
"""

import base64
import hashlib
import hmac
import io
import json
import os
import struct
from collections.abc import Iterator
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

MAGIC = b"ASAP-BACKUP\x00"
FORMAT = 1
CHUNK = 1 << 20
KEY_ENV = "ASAP_BACKUP_KEY"
# A fixed key so that development backups restore between runs; refused in production.
DEVELOPMENT_BACKUP_KEY = base64.urlsafe_b64encode(b"asap-development-backup-key-0001").decode()


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why and what to do."""


def generate_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def backup_key() -> bytes:
    """The 32-byte key from ASAP_BACKUP_KEY; the development key outside production."""
    raw = (os.environ.get(KEY_ENV) or "").strip()
    if not raw:
        if settings.PRODUCTION:
            raise BackupError(
                f"Set {KEY_ENV} to a backup key (make one: asap backup --generate-key); "
                "production refuses to back up or restore without one."
            )
        raw = DEVELOPMENT_BACKUP_KEY
    if settings.PRODUCTION and raw == DEVELOPMENT_BACKUP_KEY:
        raise BackupError(f"{KEY_ENV} is the development key: set a key of your own.")
    if raw in settings.ASAP_FIELD_KEYS:
        raise BackupError(
            f"{KEY_ENV} must not be one of ASAP_FIELD_KEYS: keep the backup key separate."
        )
    try:
        key = base64.urlsafe_b64decode(raw.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        key = b""
    if len(key) != 32:
        raise BackupError(
            f"{KEY_ENV} is not a backup key (32 bytes, URL-safe base64; "
            "make one: asap backup --generate-key)."
        )
    return key


def key_id(key: bytes) -> str:
    return hmac.new(key, b"asap-backup-key-id", hashlib.sha256).hexdigest()[:16]


def _archive_key(key: bytes, salt: bytes) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"asap-backup v1")
    return AESGCM(derived.derive(key))


def _nonce(index: int, final: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


class SealingWriter(io.RawIOBase):
    """A write-only stream that seals what it is given into chunks."""

    def __init__(self, out: BinaryIO, key: bytes, header: dict[str, Any]) -> None:
        salt = os.urandom(16)
        header = {**header, "salt": salt.hex(), "key_id": key_id(key)}
        encoded = json.dumps(header, sort_keys=True).encode()
        self.prefix = MAGIC + struct.pack(">I", len(encoded)) + encoded
        self.aead = _archive_key(key, salt)
        self.out, self.buffer, self.index = out, bytearray(), 0
        out.write(self.prefix)

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.buffer += data
        while len(self.buffer) > CHUNK:
            self._seal(bytes(self.buffer[:CHUNK]), final=False)
            del self.buffer[:CHUNK]
        return len(data)

    def _seal(self, plain: bytes, *, final: bool) -> None:
        sealed = self.aead.encrypt(_nonce(self.index, final), plain, self.prefix)
        self.out.write(struct.pack(">I", len(sealed)) + sealed)
        self.index += 1

    def finish(self) -> None:
        self._seal(bytes(self.buffer), final=True)
        self.buffer.clear()


def read_header(stream: BinaryIO) -> tuple[dict[str, Any], bytes]:
    """The archive's header (not secret, but authenticated by every chunk) and its bytes."""
    magic = stream.read(len(MAGIC))
    if magic != MAGIC:
        raise BackupError("This file is not an ASAP backup archive.")
    (length,) = struct.unpack(">I", stream.read(4).rjust(4, b"\xff"))
    encoded = stream.read(length) if length < 65536 else b""
    try:
        header = json.loads(encoded)
    except ValueError:
        raise BackupError("The archive's header is damaged; nothing was restored.") from None
    if header.get("format") != FORMAT:
        raise BackupError(f"Unknown archive format {header.get('format')!r}; expected {FORMAT}.")
    return header, MAGIC + struct.pack(">I", length) + encoded


def open_chunks(stream: BinaryIO, key: bytes) -> Iterator[bytes]:
    """Every chunk's plaintext, each authenticated; raise if anything is wrong or missing."""
    header, prefix = read_header(stream)
    if header.get("key_id") != key_id(key):
        raise BackupError(
            f"This archive was made with another {KEY_ENV} (key id {header.get('key_id')}, "
            f"yours {key_id(key)}); nothing was restored."
        )
    aead = _archive_key(key, bytes.fromhex(header["salt"]))
    index, final = 0, False
    while not final:
        size = stream.read(4)
        if len(size) < 4:
            raise BackupError("The archive is truncated; nothing was restored.")
        sealed = stream.read(struct.unpack(">I", size)[0])
        for final_flag in (False, True):
            try:
                plain = aead.decrypt(_nonce(index, final_flag), sealed, prefix)
            except InvalidTag:
                continue
            final = final_flag
            break
        else:
            raise BackupError(
                f"The archive has been modified or damaged (chunk {index + 1} fails "
                "authentication); nothing was restored."
            )
        index += 1
        yield plain
    if stream.read(1):
        raise BackupError("The archive has extra bytes after its end; nothing was restored.")


class OpeningReader(io.RawIOBase):
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks, self.buffer = chunks, b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self.buffer:
            try:
                self.buffer = next(self.chunks)
            except StopIteration:
                return 0
        size = min(len(target), len(self.buffer))
        target[:size], self.buffer = self.buffer[:size], self.buffer[size:]
        return size

    def drain(self) -> None:
        for _ in self.chunks:
            pass
