"""Encrypted model fields and their blind index.

`EncryptedTextField` stores a Fernet token; the clear text exists only in Python. A model
whose values belong to a case says whose key seals each field: `encryption_owner(field)`
returns a `asap.core.datakeys.KeyOwner` (the case's key of the side that recorded it, or a
person's key); the value is then sealed under that data key on save (`pre_save`). Without
one (organisations, training), and for a plain `QuerySet.update()`, the value is encrypted
under the master keys directly. A
`BlindIndexField(source="field")` beside it stores an HMAC of the normalised clear text so
that exact matches can be found: `Model.objects.filter(x_index__in=blind_indexes(value))`.
"""

from typing import Any

from django.db import models

from asap.core import crypto


class Sealed(str):
    """A value already sealed under a data key: stored as it is."""


def owner_of(instance: models.Model, field: str) -> Any:
    """The `KeyOwner` whose data key seals `field` of `instance`, or None (master keys)."""
    owner = getattr(instance, "encryption_owner", None)
    return owner(field) if callable(owner) else None


class EncryptedTextField(models.TextField):
    """Text encrypted at rest. Only `isnull` lookups make sense on it."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value in (None, ""):
            return value
        from asap.core import datakeys

        return datakeys.unseal(value)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        if value in (None, "") or isinstance(value, Sealed):
            return value
        owner = owner_of(model_instance, self.name)
        if owner is None:
            return value
        from asap.core import datakeys

        return Sealed(datakeys.seal(str(value), owner))

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, Sealed):
            return str(value)
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return crypto.encrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)


class EncryptedCharField(EncryptedTextField):
    """A short encrypted text: a one-line input in forms, its length checked there."""

    def formfield(self, **kwargs: Any) -> Any:
        return models.CharField.formfield(self, **kwargs)


class BlindIndexField(models.CharField):
    """HMAC-SHA256 of another field's normalised clear text, kept in step on every save."""

    def __init__(self, *args: Any, source: str, **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        clear = getattr(model_instance, self.source)
        value = crypto.blind_index(clear) if clear else ""
        setattr(model_instance, self.attname, value)
        return value
