"""Scoring properties: a further yes never lowers a level; an override never lowers; the same
answers always give the same level."""

from hypothesis import given
from hypothesis import strategies as st

from asap.instruments import registry
from asap.instruments.scoring import final_level_allowed, rule_level

CHECKLIST = registry.shipped()["risk-checklist", 1]
SECTIONS = {section.key: section for section in CHECKLIST.sections}
ANSWER = st.sampled_from(["yes", "no", "unknown"])
SOURCES = st.lists(ANSWER, min_size=0, max_size=3)


def answers_for(section_key: str) -> st.SearchStrategy:
    keys = [item.key for item in SECTIONS[section_key].items]
    return st.fixed_dictionaries(dict.fromkeys(keys, SOURCES))


def rank(level: str) -> int:
    return CHECKLIST.levels.index(level)


@given(st.sampled_from(["A", "B"]), st.data())
def test_adding_a_yes_never_lowers_the_level(section_key, data):
    section = SECTIONS[section_key]
    answers = data.draw(answers_for(section_key))
    item = data.draw(st.sampled_from([item.key for item in section.items]))
    before = rule_level(CHECKLIST, section, answers)
    more = {**answers, item: [*answers[item], "yes"]}
    assert rank(rule_level(CHECKLIST, section, more)) >= rank(before)


@given(st.sampled_from(["A", "B"]), st.data())
def test_the_same_answers_always_give_the_same_level(section_key, data):
    section = SECTIONS[section_key]
    answers = data.draw(answers_for(section_key))
    shuffled = dict(reversed(list(answers.items())))
    assert rule_level(CHECKLIST, section, answers) == rule_level(CHECKLIST, section, shuffled)


@given(st.sampled_from(CHECKLIST.levels), st.sampled_from(CHECKLIST.levels))
def test_an_override_is_allowed_exactly_when_it_does_not_lower(rule, final):
    assert final_level_allowed(CHECKLIST, rule, final) == (rank(final) >= rank(rule))


def test_the_default_rule_of_section_a():
    section = SECTIONS["A"]
    assert rule_level(CHECKLIST, section, {}) == "low"
    assert rule_level(CHECKLIST, section, {"A11": ["yes"], "A12": ["yes"]}) == "low"
    three = {"A11": ["yes"], "A12": ["no", "yes"], "A13": ["yes"]}
    assert rule_level(CHECKLIST, section, three) == "intermediate"
    assert rule_level(CHECKLIST, section, {"A1": ["no", "yes"]}) == "high"
