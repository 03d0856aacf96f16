"""Instrument definitions: the YAML format, its validation, and the objects the engine uses.

A definition is data (docs/instruments.md has the format with a complete example). Loading
validates everything a form or a score could trip on later, and refuses a bad definition with
the file, the item (or section) and the reason, so an organisation's upload fails at upload
time rather than in a worker's assessment.

An upload is read with limits (docs/instruments.md, "Upload limits"): at most
MAX_DEFINITION_BYTES, checked before parsing; no YAML anchors or aliases (an alias bomb, a few
kilobytes that expand to billions of nodes, is refused at its first alias); nesting at most
MAX_DEPTH deep. A message quotes at most a short excerpt of the input. The shipped files, and
uploads stored before these limits, are read as trusted (`trusted=True`).
"""

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from asap.core.uploads import MAX_DEFINITION_BYTES, excerpt, quoted, size_label

RESPONDENTS = ("perpetrator", "victim", "worker", "organisation", "trainee")
ANSWER_TYPES = ("yes_no_unknown", "single", "multiple", "scale", "number", "date", "text")
COMPARTMENTS = ("joint", "victim", "perpetrator", "protected")
KEY = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,62}$", re.IGNORECASE)
YES, NO, UNKNOWN = "yes", "no", "unknown"
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 32  # nested mappings and lists; a definition needs about ten
RISK_CHECKLIST = "risk-checklist"
# The case's risk levels (asap.cases.enums.RiskLevel), lowest first: a risk checklist's levels
# feed the case's risk level, so its levels are these or are mapped onto them (`level_map`).
CASE_LEVELS = ("low", "intermediate", "high")


class DefinitionError(ValueError):
    """A definition that cannot be used: says where (file, item) and why."""

    def __init__(self, source: str, where: str, reason: str) -> None:
        self.source, self.where, self.reason = source, where, reason
        super().__init__(f"{source}: {where}: {reason}")


Text = dict[str, str]  # language code → text; "en" is always there


def text_in(value: Text, language: str | None = None) -> str:
    """The text in `language` (the active one by default), else English."""
    language = (language or get_language() or "en").split("-")[0]
    return value.get(language) or value["en"]


@dataclass(frozen=True)
class Option:
    key: str
    text: Text
    score: float = 0


@dataclass(frozen=True)
class Item:
    key: str
    text: Text
    type: str
    section: str
    tier: str = ""
    options: tuple[Option, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    weight: float = 1
    required: bool = False
    compartment: str = "joint"
    help: Text = field(default_factory=dict)

    def label(self, language: str | None = None) -> str:
        return text_in(self.text, language)

    def value(self, answer: Any) -> float:
        """What an answer counts for in a weighted sum (never negative)."""
        if answer in (None, "", []):
            return 0
        if self.type == "yes_no_unknown":
            return 1 if answer == YES else 0
        if self.type == "single":
            return next((o.score for o in self.options if o.key == answer), 0)
        if self.type == "multiple":
            return sum(o.score for o in self.options if o.key in answer)
        if self.type in ("scale", "number"):
            return max(0.0, float(answer))
        return 0


@dataclass(frozen=True)
class Rule:
    """`level` when `at_least` is reached by a count of "yes" answers or a weighted sum, over
    the items of `tier` (or `items`, or the whole section)."""

    level: str
    measure: str  # "count" or "sum"
    at_least: float
    tier: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    key: str
    title: Text
    items: tuple[Item, ...]
    tiers: tuple[tuple[str, Text], ...] = ()
    rules: tuple[Rule, ...] = ()
    default_level: str = ""
    # Answered once per child of the case, each child scored on its own (Section B).
    per_child: bool = False

    @property
    def is_scored(self) -> bool:
        return bool(self.rules)

    def tier_title(self, tier: str, language: str | None = None) -> str:
        return next((text_in(t, language) for k, t in self.tiers if k == tier), "")


@dataclass(frozen=True)
class Definition:
    key: str
    version: int
    title: Text
    respondent: str
    sections: tuple[Section, ...]
    levels: tuple[str, ...] = ()
    description: Text = field(default_factory=dict)
    default_set: bool = False
    source: str = ""
    level_map: dict[str, str] = field(default_factory=dict)

    def case_level(self, level: str) -> str:
        """The case's risk level (low, intermediate, high) that this definition's `level`
        stands for: its `level_map` entry, else the level itself."""
        return self.level_map.get(level, level)

    def label(self, language: str | None = None) -> str:
        return text_in(self.title, language)

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def item(self, key: str) -> Item:
        return next(item for item in self.items if item.key == key)


class _Reader:
    """Reads one definition, raising DefinitionError at the first problem."""

    def __init__(self, source: str, *, trusted: bool = False) -> None:
        self.source, self.trusted = source, trusted

    def fail(self, where: str, reason: str) -> DefinitionError:
        return DefinitionError(self.source, where, reason)

    def text(self, value: Any, where: str, *, required: bool = True) -> Text:
        if value in (None, "") and not required:
            return {}
        if isinstance(value, str) and value.strip():
            return {"en": value}
        if isinstance(value, dict) and isinstance(value.get("en"), str) and value["en"].strip():
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
                raise self.fail(where, "every translation must be text, keyed by language code")
            return dict(value)
        raise self.fail(where, "needs a text, or translations with at least English (en)")

    def key(self, value: Any, where: str) -> str:
        if not isinstance(value, str | int) or not KEY.match(str(value)):
            reason = f"key {quoted(value)} must be letters, digits, '-', '_' or '.'"
            raise self.fail(where, reason)
        return str(value)

    def number(self, value: Any, where: str, *, minimum: float | None = None) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(where, f"{quoted(value)} is not a number")
        if minimum is not None and value < minimum:
            raise self.fail(where, f"{excerpt(value)} is below {minimum}")
        return value

    def unknown(self, data: dict, allowed: set[str], where: str) -> None:
        extra = sorted(str(name) for name in set(data) - allowed)
        if extra:
            raise self.fail(where, f"unknown field(s): {excerpt(', '.join(extra))}")

    def definition(self, data: Any) -> Definition:
        if not isinstance(data, dict):
            raise self.fail("definition", "the file must hold a mapping (key: value pairs)")
        self.unknown(
            data,
            {
                "key",
                "version",
                "title",
                "respondent",
                "description",
                "default_set",
                "levels",
                "level_map",
                "sections",
            },
            "definition",
        )
        for required in ("key", "version", "title", "respondent", "sections"):
            if required not in data:
                raise self.fail("definition", f"'{required}' is missing")
        key = self.key(data["key"], "key")
        version = data["version"]
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise self.fail("version", "must be a whole number from 1")
        if data["respondent"] not in RESPONDENTS:
            raise self.fail("respondent", f"must be one of {', '.join(RESPONDENTS)}")
        levels = data.get("levels") or []
        if not isinstance(levels, list) or len(set(map(str, levels))) != len(levels):
            raise self.fail("levels", "must be a list of distinct levels, lowest first")
        self.levels = tuple(str(level) for level in levels)
        level_map = self.level_map(data.get("level_map"), key)
        if key == RISK_CHECKLIST and not self.trusted:
            self.check_case_levels(level_map)
        sections_data = data["sections"]
        if not isinstance(sections_data, list) or not sections_data:
            raise self.fail("sections", "needs at least one section")
        self.item_keys: set[str] = set()
        sections = []
        section_keys: set[str] = set()
        for index, section_data in enumerate(sections_data, 1):
            section = self.section(section_data, index)
            if section.key in section_keys:
                raise self.fail(f"section {section.key}", "the section key is used twice")
            section_keys.add(section.key)
            sections.append(section)
        return Definition(
            key=key,
            version=version,
            title=self.text(data["title"], "title"),
            respondent=data["respondent"],
            sections=tuple(sections),
            levels=self.levels,
            description=self.text(data.get("description"), "description", required=False),
            default_set=bool(data.get("default_set", False)),
            source=self.source,
            level_map=level_map,
        )

    def level_map(self, data: Any, key: str) -> dict[str, str]:
        """`level_map`: this definition's level → the case's risk level it stands for."""
        if data is None:
            return {}
        if key != RISK_CHECKLIST:
            reason = _("level_map is only for the risk checklist (key %(key)s)")
            raise self.fail("level_map", reason % {"key": RISK_CHECKLIST})
        if not isinstance(data, dict):
            reason = _("level_map maps each of your levels to one of %(levels)s")
            raise self.fail("level_map", reason % {"levels": ", ".join(CASE_LEVELS)})
        mapped = {}
        for level, case_level in data.items():
            if str(level) not in self.levels:
                reason = _("level %(level)s is not one of the levels")
                raise self.fail("level_map", reason % {"level": quoted(str(level))})
            if str(case_level) not in CASE_LEVELS:
                reason = _("%(level)s must map to one of %(levels)s, not %(value)s")
                values = {"level": quoted(str(level)), "levels": ", ".join(CASE_LEVELS)}
                raise self.fail("level_map", reason % (values | {"value": quoted(case_level)}))
            mapped[str(level)] = str(case_level)
        return mapped

    def check_case_levels(self, level_map: dict[str, str]) -> None:
        """A risk checklist sets the case's risk level: each of its levels is low,
        intermediate or high, or is mapped onto one of them, keeping their order."""
        reason = _(
            "a risk checklist sets the case's risk level: use the levels %(levels)s, "
            "or map each of your levels onto one of them with level_map"
        )
        reason %= {"levels": ", ".join(CASE_LEVELS)}
        if not self.levels:
            raise self.fail("levels", reason)
        unmapped = [
            level for level in self.levels if level_map.get(level, level) not in CASE_LEVELS
        ]
        if unmapped:
            raise self.fail(f"level {excerpt(unmapped[0])}", reason)
        ranks = [CASE_LEVELS.index(level_map.get(level, level)) for level in self.levels]
        for index in range(1, len(ranks)):
            if ranks[index] < ranks[index - 1]:
                lower, higher = self.levels[index - 1], self.levels[index]
                order = _(
                    "level %(higher)s is above %(lower)s but stands for a lower case level: "
                    "map the levels, lowest first, onto %(levels)s"
                )
                values = {"higher": excerpt(higher), "lower": excerpt(lower)}
                values["levels"] = ", ".join(CASE_LEVELS)
                raise self.fail("level_map", order % values)

    def section(self, data: Any, index: int) -> Section:
        where = f"section {index}"
        if not isinstance(data, dict):
            raise self.fail(where, "must be a mapping")
        self.unknown(data, {"key", "title", "tiers", "scoring", "items", "per_child"}, where)
        key = self.key(data.get("key", ""), where)
        where = f"section {key}"
        tiers = []
        for tier in data.get("tiers") or []:
            if not isinstance(tier, dict) or "key" not in tier:
                raise self.fail(where, "each tier needs a key and a title")
            tiers.append(
                (
                    self.key(tier["key"], f"{where}, tier"),
                    self.text(tier.get("title"), f"{where}, tier {tier['key']}"),
                )
            )
        tier_keys = {k for k, _t in tiers}
        items_data = data.get("items")
        if not isinstance(items_data, list) or not items_data:
            raise self.fail(where, "needs at least one item")
        items = tuple(self.item(item, key, tier_keys) for item in items_data)
        rules, default_level = self.scoring(data.get("scoring"), where, tier_keys, items)
        per_child = data.get("per_child", False)
        if not isinstance(per_child, bool):
            raise self.fail(where, "per_child is true or false")
        return Section(
            per_child=per_child,
            key=key,
            title=self.text(data.get("title"), f"{where}, title"),
            items=items,
            tiers=tuple(tiers),
            rules=rules,
            default_level=default_level,
        )

    def item(self, data: Any, section: str, tier_keys: set[str]) -> Item:
        if not isinstance(data, dict):
            raise self.fail(f"section {section}", "each item must be a mapping")
        self.unknown(
            data,
            {
                "key",
                "text",
                "type",
                "tier",
                "options",
                "min",
                "max",
                "weight",
                "required",
                "compartment",
                "help",
            },
            f"item {excerpt(data.get('key', '?'))}",
        )
        key = self.key(data.get("key", ""), f"section {section}, item")
        where = f"item {key}"
        if key in self.item_keys:
            raise self.fail(where, "the item key is used twice")
        self.item_keys.add(key)
        kind = data.get("type", "yes_no_unknown")
        if kind not in ANSWER_TYPES:
            reason = f"type {quoted(kind)} is not one of {', '.join(ANSWER_TYPES)}"
            raise self.fail(where, reason)
        tier = str(data.get("tier", ""))
        if tier and tier not in tier_keys:
            raise self.fail(where, f"tier {quoted(tier)} is not a tier of section {section}")
        options = ()
        if kind in ("single", "multiple"):
            options = self.options(data.get("options"), where)
        elif "options" in data:
            raise self.fail(where, f"a {kind} item takes no options")
        minimum, maximum = data.get("min"), data.get("max")
        if kind == "scale" and (minimum is None or maximum is None):
            raise self.fail(where, "a scale needs min and max")
        if minimum is not None:
            minimum = self.number(minimum, f"{where}, min")
        if maximum is not None:
            maximum = self.number(maximum, f"{where}, max")
        if minimum is not None and maximum is not None and minimum >= maximum:
            raise self.fail(where, "min must be below max")
        if kind == "scale" and minimum < 0:
            raise self.fail(where, "a scale starts at 0 or above (scores never go negative)")
        compartment = data.get("compartment", "joint")
        if compartment not in COMPARTMENTS:
            raise self.fail(where, f"compartment must be one of {', '.join(COMPARTMENTS)}")
        return Item(
            key=key,
            text=self.text(data.get("text"), f"{where}, text"),
            type=kind,
            section=section,
            tier=tier,
            options=options,
            minimum=minimum,
            maximum=maximum,
            weight=self.number(data.get("weight", 1), f"{where}, weight", minimum=0),
            required=bool(data.get("required", False)),
            compartment=compartment,
            help=self.text(data.get("help"), f"{where}, help", required=False),
        )

    def options(self, data: Any, where: str) -> tuple[Option, ...]:
        if not isinstance(data, list) or len(data) < 2:
            raise self.fail(where, "a choice needs at least two options")
        options, keys = [], set()
        for option in data:
            if not isinstance(option, dict) or "key" not in option:
                raise self.fail(where, "each option needs a key and a text")
            key = self.key(option["key"], f"{where}, option")
            if key in keys:
                raise self.fail(where, f"option {quoted(key)} is used twice")
            keys.add(key)
            options.append(
                Option(
                    key=key,
                    text=self.text(option.get("text"), f"{where}, option {key}"),
                    score=self.number(option.get("score", 0), f"{where}, option {key}", minimum=0),
                )
            )
        return tuple(options)

    def scoring(
        self, data: Any, where: str, tier_keys: set[str], items: tuple[Item, ...]
    ) -> tuple[tuple[Rule, ...], str]:
        if data is None:
            return (), ""
        if not self.levels:
            raise self.fail(where, "a scored section needs the definition's 'levels'")
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            raise self.fail(where, "scoring needs 'default' and a list of 'rules'")
        default = str(data.get("default", self.levels[0]))
        if default not in self.levels:
            raise self.fail(where, f"default level {quoted(default)} is not one of the levels")
        item_keys = {item.key for item in items}
        rules = []
        for rule in data["rules"]:
            if not isinstance(rule, dict):
                raise self.fail(where, "each rule must be a mapping")
            self.unknown(rule, {"level", "count_yes", "sum", "tier", "items"}, f"{where}, rule")
            level = str(rule.get("level", ""))
            if level not in self.levels:
                reason = f"level {quoted(level)} is not one of the levels"
                raise self.fail(f"{where}, rule", reason)
            if ("count_yes" in rule) == ("sum" in rule):
                raise self.fail(f"{where}, rule", "give either count_yes or sum (at least N)")
            measure = "count" if "count_yes" in rule else "sum"
            threshold = self.number(
                rule.get("count_yes", rule.get("sum")), f"{where}, rule", minimum=0
            )
            tier = str(rule.get("tier", ""))
            if tier and tier not in tier_keys:
                reason = f"tier {quoted(tier)} is not a tier of the section"
                raise self.fail(f"{where}, rule", reason)
            chosen = tuple(str(k) for k in rule.get("items") or [])
            missing = [k for k in chosen if k not in item_keys]
            if missing:
                raise self.fail(f"{where}, rule", f"no item {quoted(missing[0])} in the section")
            rules.append(Rule(level, measure, threshold, tier, chosen))
        return tuple(rules), default


class _Refused(yaml.YAMLError):
    """What the upload loader refuses, with the reason (a YAML error, so it has a mark)."""

    def __init__(self, reason: str, mark: Any) -> None:
        super().__init__(reason)
        self.reason, self.problem_mark = reason, mark


class UploadLoader(yaml.SafeLoader):
    """The safe loader, refusing anchors and aliases (so no alias bomb can expand) and nesting
    deeper than MAX_DEPTH, each at its first occurrence, before anything is built from it."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            reason = _(
                "YAML anchors and aliases (&name, *name) are not accepted: write the text out"
            )
            raise _Refused(reason, event.start_mark)
        self.depth = getattr(self, "depth", 0) + 1
        if self.depth > MAX_DEPTH:
            reason = _("is nested more than %(depth)d levels deep") % {"depth": MAX_DEPTH}
            raise _Refused(reason, event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def load_definition(text: str, source: str, *, trusted: bool = False) -> Definition:
    """Parse and validate one YAML definition; DefinitionError says where and why.

    Untrusted (an upload, the default): at most MAX_DEFINITION_BYTES, read by UploadLoader,
    and a risk checklist must use or map onto the case's levels. Trusted (the shipped files,
    uploads already stored): the C safe loader, with anchors and no size limit."""
    if not trusted and len(text.encode("utf-8", "surrogatepass")) > MAX_DEFINITION_BYTES:
        reason = _("the definition is larger than %(limit)s") % {
            "limit": size_label(MAX_DEFINITION_BYTES)
        }
        raise DefinitionError(source, "file", reason)
    loader = SAFE_LOADER if trusted else UploadLoader
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506  # nosec B506: safe loaders only
    except _Refused as refused:
        where = f"line {refused.problem_mark.line + 1}"
        raise DefinitionError(source, where, refused.reason) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "file"
        raise DefinitionError(source, where, "is not valid YAML") from None
    except (ValueError, OverflowError, RecursionError):  # e.g. 2024-13-45, a 5,000-digit number
        reason = _("holds a value that cannot be read (a date or a number out of range)")
        raise DefinitionError(source, "file", reason) from None
    return _Reader(source, trusted=trusted).definition(data)


def parse_answer_date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)
