"""The fictional cases trainees practise on: data files shipped in `asap/practice/cases/`.

Each file is one case study written for a module of the capacity-building programme (1-6):
the couple's situation, the children, a digital-violence element and, for Module 4, an
emergency. It carries the trainer's key (reference answers to the risk checklist, the
reference levels, a reference action plan and IT safety plan). Loading validates the key
against the risk checklist definition it names, so a bad file stops here, naming itself.
Nothing here touches real case data: a practice case is never a row of a case table.
"""

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext_lazy as _

from asap.core.content import PRACTICE_CASE, content_text
from asap.instruments import registry
from asap.instruments.definition import NO, UNKNOWN, YES, Definition, Text
from asap.instruments.scoring import final_level_allowed, rule_levels
from asap.plans.enums import SAFETY_PARTS, STALKERWARE_FIELDS, StalkerwareDecision, StalkerwareFound

CASES = Path(__file__).parent / "cases"
KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
MODULES = {
    1: _("Gender-based violence"),
    2: _("Child protection"),
    3: _("Digital violence"),
    4: _("Emergency situations"),
    5: _("Multi-agency cooperation"),
    6: _("The ASAP 2.0 protocol"),
}
TOP_KEYS = {
    "key",
    "module",
    "code",
    "title",
    "situation",
    "people",
    "digital",
    "emergency",
    "tasks",
    "reference",
}
SAFETY_TEXT_FIELDS = tuple(part.field for part in SAFETY_PARTS)


def case_text(value: Text) -> str:
    """A text of a case in the active language: its inline map's, else the catalogue's."""
    return content_text(value, PRACTICE_CASE)


class CaseFileError(ValueError):
    """A practice case that cannot be used: says which file and why."""


@dataclass(frozen=True)
class Person:
    role: str  # woman, man, child, other
    name: str
    age: int | None
    about: Text

    @property
    def about_text(self) -> str:
        return case_text(self.about) if self.about else ""


@dataclass(frozen=True)
class ReferenceAction:
    need: Text
    action: Text
    term_days: int
    responsible: Text

    @property
    def need_text(self) -> str:
        return case_text(self.need)

    @property
    def action_text(self) -> str:
        return case_text(self.action)

    @property
    def responsible_text(self) -> str:
        return case_text(self.responsible)


@dataclass(frozen=True)
class PracticeCase:
    """One fictional case and its trainer's key."""

    key: str
    module: int
    code: str
    title: Text
    situation: Text
    people: tuple[Person, ...]
    digital: Text
    emergency: Text
    tasks: tuple[Text, ...]
    definition_key: str
    definition_version: int
    reference_answers: dict[str, str]  # item key → yes / no / unknown
    reference_levels: dict[str, str]  # section key → level
    reference_reasoning: Text
    reference_actions: tuple[ReferenceAction, ...]
    reference_safety: dict[str, Text | str]

    @property
    def module_title(self) -> str:
        return str(MODULES[self.module])

    # The texts in the active language (English when a file has no translation).
    @property
    def title_text(self) -> str:
        return case_text(self.title)

    @property
    def situation_text(self) -> str:
        return case_text(self.situation)

    @property
    def digital_text(self) -> str:
        return case_text(self.digital) if self.digital else ""

    @property
    def emergency_text(self) -> str:
        return case_text(self.emergency) if self.emergency else ""

    @property
    def reasoning_text(self) -> str:
        return case_text(self.reference_reasoning)

    @property
    def task_texts(self) -> list[str]:
        return [case_text(task) for task in self.tasks]

    def definition(self) -> Definition:
        return registry.get(self.definition_key, self.definition_version, None)

    def safety_text(self, name: str) -> str:
        value = self.reference_safety.get(name, "")
        return case_text(value) if isinstance(value, dict) else str(value)


def _text(value: Any, where: str, *, required: bool = True) -> Text:
    if value in (None, "") and not required:
        return {}
    if isinstance(value, str) and value.strip():
        return {"en": value.strip()}
    if isinstance(value, dict) and isinstance(value.get("en"), str) and value["en"].strip():
        return {str(k): str(v).strip() for k, v in value.items()}
    raise CaseFileError(f"{where}: a text (or a mapping of language → text with 'en') is needed")


def _unknown_keys(data: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(str(key) for key in data if key not in allowed)
    if unknown:
        raise CaseFileError(f"{where}: unknown keys {unknown}")


def _reference_answers(data: dict, definition: Definition, where: str) -> dict[str, str]:
    _unknown_keys(data, {"definition", "version", "yes_items", "unknown_items"}, where)
    known = {item.key for item in definition.items}
    answers = dict.fromkeys(known, NO)
    # Not "yes:"/"no:" as keys: YAML 1.1 reads those as booleans.
    given_yes, given_unknown = data.get("yes_items") or [], data.get("unknown_items") or []
    for given, value in ((given_yes, YES), (given_unknown, UNKNOWN)):
        for key in given:
            if str(key) not in known:
                raise CaseFileError(f"{where}: no item {key} in {definition.key}")
            answers[str(key)] = value
    return answers


def _levels(
    data: dict, definition: Definition, answers: dict[str, str], where: str
) -> dict[str, str]:
    levels = {}
    rules = rule_levels(definition, {key: [value] for key, value in answers.items()})
    for section_key, rule in rules.items():
        level = str(data.get(section_key, ""))
        if level not in definition.levels:
            raise CaseFileError(f"{where}: section {section_key} needs one of {definition.levels}")
        if not final_level_allowed(definition, rule, level):
            raise CaseFileError(
                f"{where}: section {section_key} is {level}, below the rule's {rule}"
            )
        levels[section_key] = level
    return levels


def _safety(data: dict, where: str) -> dict[str, Text | str]:
    allowed = set(SAFETY_TEXT_FIELDS) | set(STALKERWARE_FIELDS)
    unknown = set(data) - allowed
    if unknown:
        raise CaseFileError(f"{where}: unknown safety plan parts {sorted(unknown)}")
    result: dict[str, Text | str] = {}
    for name, value in data.items():
        if name == "stalkerware_found" and value not in StalkerwareFound.values:
            raise CaseFileError(f"{where}: stalkerware_found {value!r} is not a choice")
        if name == "stalkerware_decision" and value not in StalkerwareDecision.values:
            raise CaseFileError(f"{where}: stalkerware_decision {value!r} is not a choice")
        result[name] = (
            value
            if name in ("stalkerware_found", "stalkerware_decision")
            else (_text(value, f"{where} {name}"))
        )
    return result


def load_case(source: str, file_name: str) -> PracticeCase:
    """A practice case from its YAML text, validated against its checklist definition."""
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as error:
        raise CaseFileError(f"{file_name}: not YAML ({error})") from error
    if not isinstance(data, dict):
        raise CaseFileError(f"{file_name}: a mapping is needed")
    key = str(data.get("key", ""))
    if not KEY.match(key):
        raise CaseFileError(f"{file_name}: key must be lower-case letters, digits and '-'")
    _unknown_keys(data, TOP_KEYS, file_name)
    module = data.get("module")
    if module not in MODULES:
        raise CaseFileError(f"{file_name}: module must be 1 to 6")
    reference = data.get("reference") or {}
    checklist = reference.get("checklist") or {}
    definition_key = str(checklist.get("definition", "risk-checklist"))
    definition_version = int(checklist.get("version", 1))
    try:
        definition = registry.get(definition_key, definition_version, None)
    except KeyError as error:
        raise CaseFileError(f"{file_name}: no shipped definition {definition_key}") from error
    answers = _reference_answers(checklist, definition, f"{file_name} reference.checklist")
    people = tuple(
        Person(
            role=str(p.get("role", "other")),
            name=str(p["name"]),
            age=p.get("age"),
            about=_text(p.get("about"), f"{file_name} person", required=False),
        )
        for p in data.get("people") or []
    )
    actions = tuple(
        ReferenceAction(
            need=_text(a.get("need"), f"{file_name} reference action"),
            action=_text(a.get("action"), f"{file_name} reference action"),
            term_days=int(a.get("term_days", 7)),
            responsible=_text(a.get("responsible"), f"{file_name} reference action"),
        )
        for a in reference.get("actions") or []
    )
    emergency = _text(data.get("emergency"), f"{file_name} emergency", required=module == 4)
    return PracticeCase(
        key=key,
        module=module,
        code=str(data.get("code") or key.upper()),
        title=_text(data.get("title"), f"{file_name} title"),
        situation=_text(data.get("situation"), f"{file_name} situation"),
        people=people,
        digital=_text(data.get("digital"), f"{file_name} digital", required=False),
        emergency=emergency,
        tasks=tuple(_text(t, f"{file_name} task") for t in data.get("tasks") or []),
        definition_key=definition_key,
        definition_version=definition_version,
        reference_answers=answers,
        reference_levels=_levels(reference.get("levels") or {}, definition, answers, file_name),
        reference_reasoning=_text(reference.get("reasoning"), f"{file_name} reasoning"),
        reference_actions=actions,
        reference_safety=_safety(reference.get("safety_plan") or {}, file_name),
    )


@functools.cache
def shipped() -> dict[str, PracticeCase]:
    """Every shipped practice case by key, ordered by module then key."""
    found = [load_case(p.read_text(encoding="utf-8"), p.name) for p in CASES.glob("*.yaml")]
    keys = [case.key for case in found]
    if len(keys) != len(set(keys)):
        raise CaseFileError("two practice cases share a key")
    return {case.key: case for case in sorted(found, key=lambda c: (c.module, c.key))}


def get(key: str) -> PracticeCase | None:
    return shipped().get(key)
