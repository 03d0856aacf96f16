"""Optimistic locking: an edit names the version it started from, and loses to nobody.

A form carries the `version` it was opened with; `save_versioned()` writes only if the row
still has that version and raises `ConcurrentEditError` otherwise, so the view can re-render the
form with the user's input and say that someone else changed the record meanwhile.
"""

from collections.abc import Iterable

from django.db import models
from django.db.models import F


class ConcurrentEditError(Exception):
    """Someone else saved the record after the editor opened it."""


def save_versioned(obj: models.Model, *, fields: Iterable[str], expected_version: int) -> None:
    """Write `fields` of `obj` if its stored version is still `expected_version`; bump it."""
    names = set(fields)
    values = {}
    # pre_save stamps auto_now fields and keeps blind indexes in step with their source.
    for field in obj._meta.concrete_fields:
        source = getattr(field, "source", None)
        if field.name in names or source in names or getattr(field, "auto_now", False):
            values[field.attname] = field.pre_save(obj, add=False)
    updated = (
        type(obj)
        ._default_manager.filter(pk=obj.pk, version=expected_version)
        .update(version=F("version") + 1, **values)
    )
    if updated != 1:
        raise ConcurrentEditError
    obj.version = expected_version + 1
