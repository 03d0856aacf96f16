"""An organisation's own risk checklist keeps the case's levels: it uses low, intermediate and
high, or maps its own levels onto them (`level_map`); otherwise the upload is refused."""

import io

import pytest

from asap.accounts.enums import Role
from asap.cases.enums import RiskLevel
from asap.instruments import registry, scoring
from asap.instruments.definition import CASE_LEVELS, DefinitionError, load_definition
from asap.instruments.models import UploadedDefinition
from tests.factories import OrganisationFactory, persona

OWN = """
key: risk-checklist
version: 2
title: Our national checklist
respondent: worker
levels: [none, moderate, severe]
{level_map}
sections:
  - key: A
    title: Risks for the woman
    tiers: [{{key: serious, title: Serious}}, {{key: other, title: Other}}]
    scoring:
      default: none
      rules:
        - {{level: severe, tier: serious, count_yes: 1}}
        - {{level: moderate, tier: other, count_yes: 2}}
    items:
      - {{key: N1, tier: serious, text: National indicator one}}
      - {{key: N2, tier: other, text: National indicator two}}
      - {{key: N3, tier: other, text: National indicator three}}
"""
MAPPED = OWN.format(level_map="level_map: {none: low, moderate: intermediate, severe: high}")
UNMAPPED = OWN.format(level_map="")


def refusal(text: str) -> DefinitionError:
    with pytest.raises(DefinitionError) as raised:
        load_definition(text, "national.yaml")
    return raised.value


def test_the_case_levels_are_the_cases_risk_levels():
    assert tuple(level for level in RiskLevel.values if level) == CASE_LEVELS


def test_a_risk_checklist_with_other_levels_and_no_mapping_is_refused_naming_the_levels():
    error = refusal(UNMAPPED)
    assert error.where == "level none"
    assert "use the levels low, intermediate, high" in error.reason
    assert "level_map" in error.reason


def test_a_mapped_risk_checklist_is_accepted_and_gives_the_case_level():
    definition = load_definition(MAPPED, "national.yaml")
    assert definition.levels == ("none", "moderate", "severe")
    answers = {"N1": ["yes"], "N2": ["no"]}
    levels = scoring.rule_levels(definition, answers)
    assert levels == {"A": "severe"}
    # what completing the assessment sets on the case (instruments.services)
    assert definition.case_level(scoring.highest(definition, levels.values())) == "high"
    moderate = scoring.rule_levels(definition, {"N2": ["yes"], "N3": ["yes"]})
    assert definition.case_level(scoring.highest(definition, moderate.values())) == "intermediate"
    assert definition.case_level("none") == "low"


def test_levels_that_are_case_levels_need_no_mapping():
    partly = (
        OWN.format(level_map="level_map: {moderate: intermediate}")
        .replace("[none, moderate, severe]", "[low, moderate, high]")
        .replace("none", "low")
        .replace("severe", "high")
    )
    definition = load_definition(partly, "national.yaml")
    assert [definition.case_level(level) for level in definition.levels] == list(CASE_LEVELS)
    shipped = registry.shipped()["risk-checklist", 1]
    assert shipped.level_map == {}
    assert shipped.case_level("high") == "high"


def test_several_levels_may_map_onto_one_but_never_out_of_order():
    five = MAPPED.replace("[none, moderate, severe]", "[none, mild, moderate, severe]").replace(
        "{none: low,", "{none: low, mild: low,"
    )
    assert load_definition(five, "national.yaml").case_level("mild") == "low"
    backwards = OWN.format(level_map="level_map: {none: high, moderate: intermediate, severe: low}")
    error = refusal(backwards)
    assert error.where == "level_map"
    assert "level moderate is above none but stands for a lower case level" in error.reason


@pytest.mark.parametrize(
    ("level_map", "reason"),
    [
        ("level_map: {none: low, moderate: medium, severe: high}", "not 'medium'"),
        ("level_map: {none: low, extreme: high}", "level 'extreme' is not one of the levels"),
        ("level_map: [low, intermediate, high]", "maps each of your levels to one of"),
    ],
)
def test_a_wrong_level_map_is_refused(level_map, reason):
    error = refusal(OWN.format(level_map=level_map))
    assert error.where == "level_map"
    assert reason in error.reason


def test_a_level_map_is_only_for_the_risk_checklist():
    other = MAPPED.replace("key: risk-checklist", "key: our-checklist")
    assert "only for the risk checklist" in refusal(other).reason


def test_an_unscored_risk_checklist_is_refused():
    unscored = UNMAPPED.replace("levels: [none, moderate, severe]\n", "")
    unscored = unscored[: unscored.index("    scoring:")] + unscored[unscored.index("    items:") :]
    assert refusal(unscored).where == "levels"


def test_a_stored_upload_from_before_the_rule_still_loads(db):
    """An upload accepted before levels were checked keeps working (read as trusted)."""
    organisation = OrganisationFactory()
    UploadedDefinition.objects.create(
        organisation=organisation,
        key="risk-checklist",
        version=2,
        title="Old",
        respondent="worker",
        file_name="old.yaml",
        source=UNMAPPED,
        uploaded_by=persona(Role.COORDINATOR, organisation),
    )
    available = registry.available(organisation.pk)["risk-checklist"]
    assert available.definition.levels == ("none", "moderate", "severe")


@pytest.fixture
def coordinator(db):
    return persona(Role.COORDINATOR, OrganisationFactory())


def upload(client, content: str):
    handle = io.BytesIO(content.encode())
    handle.name = "national.yaml"
    return client.post("/instruments/", {"file": handle})


def test_the_page_refuses_an_unmapped_checklist_and_accepts_a_mapped_one(
    coordinator, signed_in_client
):
    client = signed_in_client(coordinator)
    response = upload(client, UNMAPPED)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Refused: national.yaml, level none: a risk checklist sets the case" in body
    assert "use the levels low, intermediate, high" in body
    assert upload(client, MAPPED).status_code == 302
    organisation = coordinator.active_memberships[0].organisation
    stored = registry.available(organisation.pk)["risk-checklist"].definition
    assert stored.version == 2
    assert stored.level_map == {"none": "low", "moderate": "intermediate", "severe": "high"}
