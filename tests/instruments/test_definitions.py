"""The shipped definitions load and validate; a broken one is refused with file, item, reason."""

import pytest

from asap.instruments import registry
from asap.instruments.definition import DefinitionError, load_definition

# Module 2, Topic 3 of the source document: risks for the children, word for word.
SECTION_B = [
    "She is pregnant",
    "She takes care of the children (her own or his)",
    "They have their own (legal) children.",
    "She knows that the children have heard what has happened in some of the episodes.",
    "She knows that the children have witnessed any of the episodes.",
    "He has hurt the children at least once.",
    "He has threatened to hurt the children.",
    "He has threatened to kill the children indirectly",
    "He has threatened to kill the children directly",
    "He has access to children's devices and accounts in order to monitor/control children's "
    "and mother's actions",
    "He doesn't follow the decisions taken by the court on divorce",
    "He neglects children's needs, as deprivation of food, play and social contacts",
    "He is (cyber) stalking and/or harassing the children for the collection of information "
    "concerning the mother",
    "Children spend more or a lot of time with them mother",
    "He has threatened to kidnap the children",
    "Children refuse to contact and communicate with him",
    "Children's relationship with him has deteriorated",
    "Children's fear/anger/vindictiveness/aggressiveness of him or generalized on a frequent basis",
]


def test_the_shipped_definitions_load_and_validate():
    keys = {key for key, _version in registry.shipped()}
    assert {
        "risk-checklist",
        "digital-violence",
        "outcome-perpetrator",
        "outcome-victim",
        "organisational-behaviour",
    } <= keys


def test_section_b_is_the_source_word_for_word():
    checklist = registry.shipped()["risk-checklist", 1]
    section_b = next(s for s in checklist.sections if s.key == "B")
    assert [item.text["en"] for item in section_b.items] == SECTION_B


def test_section_a_has_both_tiers_and_the_default_rule():
    checklist = registry.shipped()["risk-checklist", 1]
    section_a = next(s for s in checklist.sections if s.key == "A")
    assert {item.tier for item in section_a.items} == {"serious", "intermediate"}
    assert [(r.level, r.tier, r.at_least) for r in section_a.rules] == [
        ("high", "serious", 1),
        ("intermediate", "intermediate", 3),
    ]
    assert checklist.default_set is True


VALID = """
key: test
version: 1
title: A test
respondent: worker
levels: [low, high]
sections:
  - key: S
    title: Section
    tiers: [{key: serious, title: Serious}]
    scoring:
      default: low
      rules: [{level: high, tier: serious, count_yes: 1}]
    items:
      - {key: one, tier: serious, text: One}
      - {key: two, type: single, text: Two, options: [{key: a, text: A}, {key: b, text: B}]}
"""


def broken(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


def test_a_valid_definition_loads():
    definition = load_definition(VALID, "test.yaml")
    assert [item.key for item in definition.items] == ["one", "two"]


@pytest.mark.parametrize(
    ("text", "where", "reason"),
    [
        (broken("type: single", "type: slider"), "item two", "type 'slider' is not one of"),
        (
            broken("tier: serious, text: One", "tier: grave, text: One"),
            "item one",
            "tier 'grave' is not a tier of section S",
        ),
        (broken("{key: b, text: B}", "{key: a, text: B}"), "item two", "option 'a' is used twice"),
        (broken("key: two,", "key: one,"), "item one", "the item key is used twice"),
        (
            broken("level: high, tier", "level: extreme, tier"),
            "section S, rule",
            "level 'extreme' is not one of the levels",
        ),
        (broken("version: 1", "version: zero"), "version", "must be a whole number from 1"),
        (broken("respondent: worker", "respondent: judge"), "respondent", "must be one of"),
        (broken("text: One", "text: {it: Uno}"), "item one, text", "at least English (en)"),
        (broken("title: A test\n", "title: [unclosed\n"), "line", "is not valid YAML"),
    ],
)
def test_a_broken_definition_is_refused_with_file_item_and_reason(text, where, reason):
    with pytest.raises(DefinitionError) as refused:
        load_definition(text, "broken.yaml")
    message = str(refused.value)
    assert message.startswith("broken.yaml: ")
    assert refused.value.where.startswith(where)
    assert reason in refused.value.reason
