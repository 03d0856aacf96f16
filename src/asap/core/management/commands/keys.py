"""`asap keys generate` prints a new master key; `asap keys rotate` moves everything to the
newest one.

Rotation: put the new key first in ASAP_FIELD_KEYS (keep the old ones after it), run
`asap keys rotate`, then remove the old keys. It re-wraps every data key of every case (one
row per key: seconds for thousands of cases) and re-encrypts the few values sealed under
the master keys directly (organisations, training, values written before data keys).
`--reencrypt` also re-encrypts every value of every case under its data key (and moves
values written before data keys under them): slower, for when a data key itself may have
leaked.

`asap keys reindex` makes every name part of the case-finding index again under
ASAP_NAME_INDEX_KEY (a secret of its own, not a field key): run it after changing that key;
until then a search by name finds nothing and opening a case warns of no duplicate.
"""

import time
from typing import Any

from allauth.mfa.models import Authenticator
from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import F, TextField
from django.db.models.functions import Cast

from asap.core import audit, crypto, datakeys
from asap.core.fields import BlindIndexField, EncryptedTextField, Sealed
from asap.core.nameindex import rebuild_index
from asap.core.scopes import named_scope

BATCH = 500
# allauth stores these secrets through our MFA adapter, so they are field-key tokens too.
AUTHENTICATOR_SECRETS = ("secret", "seed")


def _encrypted(model: Any) -> list[str]:
    return [f.name for f in model._meta.fields if isinstance(f, EncryptedTextField)]


def _indexes(model: Any) -> list[str]:
    return [f.name for f in model._meta.fields if isinstance(f, BlindIndexField)]


def _reencrypt_model(model: Any) -> int:
    """Save every row again: each value sealed anew under its data key (or master key)."""
    encrypted = _encrypted(model)
    indexes = _indexes(model)
    count = 0
    pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        with transaction.atomic():
            for instance in model._default_manager.filter(pk__in=pks[start : start + BATCH]):
                instance.save(update_fields=encrypted + indexes)
                count += 1
    return count


def _rotate_master_values(model: Any) -> int:
    """Re-encrypt under the newest master key the values sealed by the master keys directly
    (read as stored: no data key is opened)."""
    encrypted = _encrypted(model)
    manager = model._default_manager
    count = 0
    with transaction.atomic():
        rows = _stored(manager, encrypted)
        for pk, *tokens in rows:
            changes = {
                name: Sealed(crypto.rotate(token))
                for name, token in zip(encrypted, tokens, strict=True)
                if token and not datakeys.is_sealed(token) and not crypto.is_newest(token)
            }
            if changes:
                manager.filter(pk=pk).update(**changes)
                count += 1
    return count


def _stored(manager: Any, fields: list[str]) -> Any:
    """(pk, *stored tokens) of every row: the columns as the database holds them."""
    return manager.order_by("pk").values_list(
        "pk", *[Cast(F(name), output_field=TextField()) for name in fields]
    )


def _reindex_model(model: Any) -> int:
    """Blind indexes made again under the newest master key (from the clear values)."""
    indexes = _indexes(model)
    count = 0
    with transaction.atomic():
        for instance in model._default_manager.order_by("pk"):
            instance.save(update_fields=indexes)
            count += 1
    return count


def _rotate_authenticators() -> int:
    count = 0
    with transaction.atomic():
        for authenticator in Authenticator.objects.select_for_update().order_by("pk"):
            data = dict(authenticator.data)
            changed = False
            for key in AUTHENTICATOR_SECRETS:
                if data.get(key) and not crypto.is_newest(data[key]):
                    data[key] = crypto.rotate(data[key])
                    changed = True
            if changed:
                authenticator.data = data
                authenticator.save(update_fields=["data"])
                count += 1
    return count


class Command(BaseCommand):
    help = (
        "Master keys: `generate` a new key, or `rotate` data to the newest key; `reindex` the "
        "name parts after a change of ASAP_NAME_INDEX_KEY."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["generate", "rotate", "reindex"])
        parser.add_argument(
            "--reencrypt",
            action="store_true",
            help="Also re-encrypt every value of every case under its data key (slower).",
        )

    def handle(self, *args: Any, operation: str, reencrypt: bool = False, **options: Any) -> None:
        if operation == "generate":
            self.stdout.write(crypto.generate_key())
            return
        if operation == "reindex":
            self._reindex_names()
            return
        started = time.perf_counter()
        wrapped = datakeys.rewrap()
        self.stdout.write(f"Data keys: {wrapped} re-wrapped")
        total = 0
        with named_scope("key-rotation"):
            for model in apps.get_models():
                if not _encrypted(model):
                    continue
                if reencrypt:
                    rows = _reencrypt_model(model)
                else:
                    rows = _rotate_master_values(model)
                    if _indexes(model):
                        self.stdout.write(
                            f"{model._meta.label}: {_reindex_model(model)} blind indexes made again"
                        )
                if rows:
                    self.stdout.write(f"{model._meta.label}: {rows} rows re-encrypted")
                    total += rows
        secrets = _rotate_authenticators()
        self.stdout.write(f"MFA authenticators: {secrets} re-encrypted")
        with transaction.atomic():
            audit.record(
                actor=None,
                action="keys.rotate",
                object_type="field_keys",
                fields=[f"data_keys:{wrapped}", f"rows:{total}", f"authenticators:{secrets}"],
            )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Everything now uses the newest key ({elapsed:.1f} s).")
        )

    def _reindex_names(self) -> None:
        """Every person's name parts made again under ASAP_NAME_INDEX_KEY, in one transaction."""
        person = apps.get_model("cases", "Person")
        part = apps.get_model("cases", "PersonNamePart")
        with transaction.atomic(), named_scope("key-rotation"):
            rows = rebuild_index(person, part)
            audit.record(
                actor=None,
                action="keys.reindex_names",
                object_type="name_index",
                fields=[f"rows:{rows}"],
            )
        self.stdout.write(self.style.SUCCESS(f"Name parts: {rows} made again under the new key."))
