"""The fictional cases: one or more per module, each with a trainer's key that the real
checklist definition accepts and whose levels its scoring rule supports."""

import pytest

from asap.instruments.scoring import rule_level
from asap.practice import casebook
from asap.practice.casebook import CaseFileError, load_case

GOOD = """
key: test-case
module: 3
title: A test case
situation: Invented.
reference:
  checklist: {definition: risk-checklist, version: 1, yes_items: [A1]}
  levels: {A: high, B: low}
  reasoning: Strangling is serious.
"""


def test_every_module_has_at_least_one_fictional_case():
    cases = list(casebook.shipped().values())
    assert len(cases) >= 6
    assert sorted({case.module for case in cases}) == [1, 2, 3, 4, 5, 6]


def test_the_emergency_module_case_describes_an_emergency_and_digital_cases_exist():
    emergency = [c for c in casebook.shipped().values() if c.module == 4]
    assert emergency
    assert all(c.emergency_text for c in emergency)
    assert "flood" in emergency[0].emergency_text.lower()
    assert casebook.get("m3-stalkerware").digital_text


@pytest.mark.parametrize("case", casebook.shipped().values(), ids=lambda c: c.key)
def test_each_reference_level_is_the_rule_level_of_the_reference_answers(case):
    definition = case.definition()
    answers = {key: [value] for key, value in case.reference_answers.items()}
    for section in definition.sections:
        assert case.reference_levels[section.key] == rule_level(definition, section, answers)
    assert len(case.reference_actions) >= 3
    assert case.safety_text("stopping_violence")
    assert case.code.startswith("FICT-")


def test_a_case_file_with_an_unknown_item_is_refused_naming_itself():
    with pytest.raises(CaseFileError, match=r"bad.yaml.*no item Z9"):
        load_case(GOOD.replace("yes_items: [A1]", "yes_items: [Z9]"), "bad.yaml")


def test_a_reference_level_below_the_rule_is_refused():
    with pytest.raises(CaseFileError, match="below the rule's high"):
        load_case(GOOD.replace("A: high", "A: low"), "low.yaml")


def test_a_module_four_case_needs_an_emergency():
    assert load_case(GOOD, "ok.yaml").module == 3
    with pytest.raises(CaseFileError, match="emergency"):
        load_case(GOOD.replace("module: 3", "module: 4"), "m4.yaml")


def test_an_unknown_key_is_refused_so_a_yaml_boolean_cannot_hide_the_answers():
    # `yes:` as a key is read by YAML as True: the answers would silently vanish.
    with pytest.raises(CaseFileError, match="unknown keys"):
        load_case(GOOD.replace("yes_items: [A1]", "yes: [A1]"), "bool.yaml")
