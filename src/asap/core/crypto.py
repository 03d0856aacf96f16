"""Field encryption keys: MultiFernet over ASAP_FIELD_KEYS (newest first), never SECRET_KEY."""

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@functools.cache
def _fernets(keys: tuple[str, ...]) -> tuple[Fernet, ...]:
    if not keys:
        raise ImproperlyConfigured("Set ASAP_FIELD_KEYS to one or more Fernet keys.")
    fernets = []
    for number, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key))
        except ValueError:
            raise ImproperlyConfigured(
                f"ASAP_FIELD_KEYS: key {number} is not a Fernet key "
                "(make one with `asap keys generate`)."
            ) from None
    return tuple(fernets)


def _keys() -> tuple[str, ...]:
    return tuple(settings.ASAP_FIELD_KEYS)


def multifernet() -> MultiFernet:
    return MultiFernet(list(_fernets(_keys())))


def encrypt(text: str) -> str:
    return multifernet().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return multifernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored value cannot be decrypted with ASAP_FIELD_KEYS: is a key missing?"
        ) from None


def rotate(token: str) -> str:
    """Re-encrypt a token under the newest key (it must decrypt under one of the keys)."""
    return multifernet().rotate(token.encode("ascii")).decode("ascii")


def is_newest(token: str) -> bool:
    """Whether `token` is already encrypted under the newest key."""
    try:
        _fernets(_keys())[0].decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


def normalise(value: str) -> str:
    return " ".join(value.split()).casefold()


def _index_key(key: str) -> bytes:
    return hashlib.sha256(b"asap-blind-index:" + base64.urlsafe_b64decode(key)).digest()


def blind_indexes(value: str) -> list[str]:
    """The HMAC of `value` under every key, newest first: for exact-match lookups."""
    message = normalise(value).encode()
    return [hmac.new(_index_key(key), message, hashlib.sha256).hexdigest() for key in _keys()]


def blind_index(value: str) -> str:
    """The HMAC of `value` under the newest key: what gets stored."""
    return blind_indexes(value)[0]


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")
