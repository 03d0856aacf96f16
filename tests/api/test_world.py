"""The API world: each persona's token reaches the case exactly as the persona does."""

import pytest

pytestmark = pytest.mark.django_db


def test_each_tokens_case_list_matches_its_persona(api_world):
    case = api_world.world.case
    for who in api_world.secrets:
        listed = api_world.client(who).get("/api/v1/cases").json()["items"]
        codes = [item["code"] for item in listed]
        sees = who in {
            "victim_side",
            "perpetrator_side",
            "partner_contact",
            "child_protection_lead",
            "other_agency",
            "coordinator",
            "coordinator_vss",
            "coordinator_agency",
        }
        assert codes == ([case.code] if sees else []), who
    sides = {
        who: api_world.client(who).get(f"/api/v1/cases/{case.pk}").json().get("side")
        for who in ["victim_side", "partner_contact", "perpetrator_side", "coordinator"]
    }
    assert sides == {
        "victim_side": "victim",
        "partner_contact": "victim",
        "perpetrator_side": "perpetrator",
        "coordinator": None,
    }
