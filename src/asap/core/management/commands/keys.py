"""`asap keys generate` prints a new field key; `asap keys rotate` re-encrypts under the newest.

Rotation: put the new key first in ASAP_FIELD_KEYS (keep the old ones after it), run
`asap keys rotate`, then remove the old keys.
"""

from typing import Any

from allauth.mfa.models import Authenticator
from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from asap.core import audit, crypto
from asap.core.fields import BlindIndexField, EncryptedTextField
from asap.core.scopes import named_scope

BATCH = 500
# allauth stores these secrets through our MFA adapter, so they are field-key tokens too.
AUTHENTICATOR_SECRETS = ("secret", "seed")


def _rotate_model(model: Any) -> int:
    encrypted = [f.name for f in model._meta.fields if isinstance(f, EncryptedTextField)]
    indexes = [f.name for f in model._meta.fields if isinstance(f, BlindIndexField)]
    if not encrypted:
        return 0
    count = 0
    pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        with transaction.atomic():
            for instance in model._default_manager.filter(pk__in=pks[start : start + BATCH]):
                instance.save(update_fields=encrypted + indexes)
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
    help = "Field-encryption keys: `generate` a new key, or `rotate` data to the newest key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["generate", "rotate"])

    def handle(self, *args: Any, operation: str, **options: Any) -> None:
        if operation == "generate":
            self.stdout.write(crypto.generate_key())
            return
        total = 0
        with named_scope("key-rotation"):
            for model in apps.get_models():
                rows = _rotate_model(model)
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
                fields=[f"rows:{total}", f"authenticators:{secrets}"],
            )
        self.stdout.write(self.style.SUCCESS("Every encrypted value now uses the newest key."))
