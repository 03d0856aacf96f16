"""Turning answers into a level: the definition's rules, applied the same way every time.

Answers from several sources (the perpetrator programme, the victim support service, another
agency) are combined item by item towards the more serious: an item counts as "yes" if any
source said yes, and a weighted sum takes each item's highest value. So a further "yes" can
only keep or raise a level, never lower it; professional judgement may raise the result, and
may not lower it (`final_level_allowed`).

A section answered per child (Section B of the joint risk checklist) gives each child a
level of its own from that child's answers, by the same rules (`unit_levels`). Answers given
for all the children together (before each child was answered on its own, or while the case
had no child recorded) count for every child, towards the more serious as above.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from asap.instruments.definition import YES, Definition, Item, Rule, Section


def _counted(rule: Rule, item: Item) -> bool:
    if rule.items:
        return item.key in rule.items
    if rule.tier:
        return item.tier == rule.tier
    return True


def _measure(rule: Rule, section: Section, answers: Mapping[str, Iterable[Any]]) -> float:
    total = 0.0
    for item in section.items:
        if not _counted(rule, item):
            continue
        given = list(answers.get(item.key, ()))
        if rule.measure == "count":
            total += 1 if YES in given else 0
        else:
            total += item.weight * max((item.value(answer) for answer in given), default=0)
    return total


def rule_level(
    definition: Definition, section: Section, answers: Mapping[str, Iterable[Any]]
) -> str:
    """The level the section's rules give for `answers` (item key → every source's answer):
    the highest level among the rules whose threshold is reached, else the default."""
    reached = [
        rule.level for rule in section.rules if _measure(rule, section, answers) >= rule.at_least
    ]
    return max([section.default_level, *reached], key=definition.levels.index)


def rule_levels(definition: Definition, answers: Mapping[str, Iterable[Any]]) -> dict[str, str]:
    """Section key → the level its rules give for `answers`, for every scored section."""
    return {
        section.key: rule_level(definition, section, answers)
        for section in definition.sections
        if section.is_scored
    }


# What gets a level: a section, for one child (its person id) or for everyone (None).
Unit = tuple[str, int | None]
# child id (None: not about one child) → item key → every source's answer.
AnswersByChild = Mapping[int | None, Mapping[str, Iterable[Any]]]


def _merged(*answer_sets: Mapping[str, Iterable[Any]]) -> dict[str, list[Any]]:
    merged: dict[str, list[Any]] = {}
    for answers in answer_sets:
        for item, given in answers.items():
            merged.setdefault(item, []).extend(given)
    return merged


def units(definition: Definition, children: Sequence[int]) -> list[Unit]:
    """What gets a level: every scored section once; a section answered per child once per
    child of the case (`children`), or once for everyone when the case has none."""
    found = []
    for section in definition.sections:
        if not section.is_scored:
            continue
        if section.per_child and children:
            found.extend((section.key, child) for child in children)
        else:
            found.append((section.key, None))
    return found


def unit_levels(
    definition: Definition, answers: AnswersByChild, children: Sequence[int]
) -> dict[Unit, str]:
    """(section key, child) → the level its rules give: a child's own answers with those
    given for all the children; a section not answered per child, its answers."""
    shared = answers.get(None, {})
    levels = {}
    for key, child in units(definition, children):
        section = next(s for s in definition.sections if s.key == key)
        given = _merged(shared, answers.get(child, {})) if child is not None else shared
        levels[(key, child)] = rule_level(definition, section, given)
    return levels


def final_level_allowed(definition: Definition, rule: str, final: str) -> bool:
    """Professional judgement may keep or raise the rule's level, never lower it."""
    return definition.levels.index(final) >= definition.levels.index(rule)


def highest(definition: Definition, levels: Iterable[str]) -> str:
    present = [level for level in levels if level]
    return max(present, key=definition.levels.index) if present else ""
