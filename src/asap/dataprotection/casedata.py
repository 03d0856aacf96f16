"""Where a case's data lives: every model of the case-data apps that belongs to one case, and
its encrypted fields, found from the models themselves so that a field added later is
covered by retention, erasure and the raw-file check without a change here.
"""

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import F

from asap.cases.models import JointCase
from asap.core.fields import EncryptedTextField

CASE_DATA_APPS = (
    "cases",
    "instruments",
    "plans",
    "episodes",
    "meetings",
    "attachments",
    "justice",
    "programme",
    "work",
)
# Stored as JSON: cleared to an empty JSON value of the right shape, not to "".
JSON_FIELDS = {("plans", "plansnapshot", "rows"): "[]"}


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


def has_version(model: type[models.Model]) -> bool:
    """Whether the model carries an optimistic-locking counter (`asap.core.versioning`)."""
    return any(f.name == "version" for f in model._meta.concrete_fields)


def update_rows(queryset: models.QuerySet, /, **values: Any) -> int:
    """`queryset.update(**values)`, raising `version` where the model has one: an edit form
    opened before an erasure or anonymisation is then refused as stale
    (`ConcurrentEditError`) instead of saving the old values back. Every update of case
    data in this app goes through here."""
    if has_version(queryset.model):
        values["version"] = F("version") + 1
    return queryset.update(**values)


def mention_pattern(values: list[str]) -> re.Pattern[str] | None:
    """One pattern for every value: ignoring case, any run of spaces where the value has
    one ("Matilde  Rossi"), longest first, not inside a longer word."""
    words = sorted({" ".join(v.split()) for v in values if v and v.strip()}, key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(r"\s+".join(re.escape(part) for part in w.split(" ")) for w in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def redact(text: str, values: list[str], replacement: str) -> str:
    """`text` with every mention of each value (`mention_pattern`) replaced."""
    pattern = mention_pattern(values)
    return pattern.sub(replacement, text) if pattern else text


def keeps_figure(answer_value: str) -> bool:
    """Whether a stored answer (JSON) is surely a figure when its questionnaire definition is
    unknown: only a number or a yes/no stays then. A word may be a choice key or a name, so
    any text goes (the definition, when known, keeps choice answers)."""
    try:
        value = json.loads(answer_value)
    except ValueError:
        return False
    return isinstance(value, bool | int | float) or value is None
