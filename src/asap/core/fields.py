"""Encrypted model fields and their blind index.

`EncryptedTextField` stores a Fernet token; the clear text exists only in Python. A
`BlindIndexField(source="field")` beside it stores an HMAC of the normalised clear text so
that exact matches can be found: `Model.objects.filter(x_index__in=blind_indexes(value))`.
"""

from typing import Any

from django.db import models

from asap.core import crypto


class EncryptedTextField(models.TextField):
    """Text encrypted at rest with MultiFernet. Only `isnull` lookups make sense on it."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value in (None, ""):
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
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
