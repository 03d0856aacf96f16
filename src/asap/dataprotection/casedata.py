"""Where a case's data lives: every model of the case-data apps that belongs to one case, and
its encrypted fields, found from the models themselves so that a field added later is
covered by retention, erasure and the raw-file check without a change here.
"""

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import models

from asap.cases.models import JointCase
from asap.core.fields import EncryptedTextField

CASE_DATA_APPS = ("cases", "instruments", "plans", "episodes", "meetings")
# Stored as JSON: cleared to an empty JSON value of the right shape, not to "".
JSON_FIELDS = {("plans", "plansnapshot", "rows"): "[]"}
# An answer that is a choice key ("yes", "high", "3") is a figure and stays; text goes.
CHOICE_TOKEN = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")


@dataclass(frozen=True)
class CaseModel:
    """A model holding data of one case: how to filter it by case, and its encrypted fields."""

    model: type[models.Model]
    case_path: str
    encrypted: tuple[str, ...]

    @property
    def key(self) -> tuple[str, str]:
        return (self.model._meta.app_label, self.model._meta.model_name or "")

    def rows(self, case: JointCase) -> models.QuerySet:
        return self.model._default_manager.filter(**{self.case_path: case})

    def empty_value(self, field: str) -> str:
        return JSON_FIELDS.get((*self.key, field), "")


def _case_path(model: type[models.Model]) -> str | None:
    fields = {f.name: f for f in model._meta.concrete_fields}
    case = fields.get("case")
    if case is not None and case.related_model is JointCase:
        return "case"
    for field in fields.values():
        related = field.related_model if field.is_relation else None
        if related is None or related is JointCase:
            continue
        parent = {f.name: f for f in related._meta.concrete_fields}.get("case")
        if parent is not None and parent.related_model is JointCase:
            return f"{field.name}__case"
    return None


@functools.cache
def case_models(app_label: str) -> tuple[CaseModel, ...]:
    """The models of `app_label` that hold rows of a case (directly or through a parent)."""
    found = []
    for model in apps.get_app_config(app_label).get_models():
        if model is JointCase:
            continue
        path = _case_path(model)
        if path is None:
            continue
        encrypted = tuple(
            f.attname for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
        )
        found.append(CaseModel(model=model, case_path=path, encrypted=encrypted))
    return tuple(found)


def all_case_models() -> Iterator[CaseModel]:
    for label in CASE_DATA_APPS:
        yield from case_models(label)


def redact(text: str, values: list[str], replacement: str) -> str:
    """`text` with every occurrence of each value (ignoring case) replaced."""
    for value in sorted({v for v in values if v and v.strip()}, key=len, reverse=True):
        text = re.sub(re.escape(value), replacement, text, flags=re.IGNORECASE)
    return text


def keeps_figure(answer_value: str) -> bool:
    """Whether a stored answer (JSON) is a figure or a choice key rather than free text."""
    try:
        value = json.loads(answer_value)
    except ValueError:
        return False
    if isinstance(value, bool | int | float) or value is None:
        return True
    if isinstance(value, str):
        return bool(CHOICE_TOKEN.match(value))
    if isinstance(value, list):
        return all(isinstance(v, str) and CHOICE_TOKEN.match(v) for v in value)
    return False
