"""An organisation adds or replaces an instrument without code; old assessments keep theirs."""

import io

import openpyxl
import pytest

from asap.accounts.enums import Role
from asap.cases import access
from asap.instruments import services
from tests.factories import persona
from tests.instruments.setup import set_aside_open_checklist

pytestmark = pytest.mark.django_db

OWN_CHECKLIST = """
key: risk-checklist
version: 2
title: Our national checklist
respondent: worker
levels: [low, intermediate, high]
sections:
  - key: A
    title: Risks for the woman
    tiers: [{key: serious, title: Serious}]
    scoring: {default: low, rules: [{level: high, tier: serious, count_yes: 1}]}
    items:
      - {key: N1, tier: serious, text: National indicator one}
"""


@pytest.fixture
def coordinator(world):
    organisation = world.people["victim_side"].active_memberships[0].organisation
    return persona(Role.COORDINATOR, organisation)


def upload(client, name: str, content: bytes):
    return client.post("/instruments/", {"file": _named(name, content)})


def _named(name: str, content: bytes) -> io.BytesIO:
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def test_a_replaced_checklist_is_used_for_new_assessments_and_old_ones_keep_theirs(
    world, coordinator, signed_in_client
):
    client = signed_in_client(coordinator)
    response = upload(client, "national.yaml", OWN_CHECKLIST.encode())
    assert response.status_code == 302
    vss = world.people["victim_side"]
    # The old one done (and still on the list): the next one is started with the new version.
    set_aside_open_checklist(world, status="completed")
    case_access = access.case_for(vss, world.case.pk)
    new = services.start_administration(actor=vss, access=case_access, key="risk-checklist")
    assert (new.definition_key, new.definition_version) == ("risk-checklist", 2)
    worker = world.client("victim_side")
    assert (
        "National indicator one"
        in worker.get(f"/cases/{world.case.pk}/assessments/{new.pk}/").content.decode()
    )
    old = worker.get(f"/cases/{world.case.pk}/assessments/{world.ids['risk']}/").content.decode()
    assert "He has threatened to kidnap the children" in old
    assert "National indicator one" not in old


def test_a_broken_upload_is_refused_with_file_item_and_reason(coordinator, signed_in_client):
    client = signed_in_client(coordinator)
    broken = OWN_CHECKLIST.replace("tier: serious, text", "tier: grave, text")
    response = upload(client, "national.yaml", broken.encode())
    assert response.status_code == 400
    assert "Refused: national.yaml, item N1: tier &#x27;grave&#x27; is not a tier of section A" in (
        response.content.decode()
    )


def test_an_xlsform_with_an_unsupported_feature_is_refused_naming_it(coordinator, signed_in_client):
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "relevant"])
    survey.append(["integer", "age", "Age", ""])
    survey.append(["text", "why", "Why", "${age} > 3"])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "version", "form_title"])
    settings.append(["our_form", "1", "Our form"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = upload(signed_in_client(coordinator), "our_form.xlsx", buffer.getvalue())
    assert response.status_code == 400
    assert "unsupported XLSForm feature: relevant" in response.content.decode()


def test_the_organisation_answers_its_questionnaire_over_time(coordinator, signed_in_client):
    client = signed_in_client(coordinator)
    response = client.post("/instruments/organisation/")
    answer_url = response["Location"]
    page = client.get(answer_url).content.decode()
    assert "Lack of trust" in page
    response = client.post(answer_url, {"version": "1", "complete": "1"})
    assert response.status_code == 302
    assert "Completed" in client.get("/instruments/organisation/").content.decode()


MAPPED_CHECKLIST = OWN_CHECKLIST.replace(
    "levels: [low, intermediate, high]",
    "levels: [none, moderate, severe]\n"
    "level_map: {none: low, moderate: intermediate, severe: high}",
).replace("default: low, rules: [{level: high,", "default: none, rules: [{level: severe,")


def test_a_mapped_checklist_sets_the_cases_risk_level_from_the_mapped_level(world, coordinator):
    from asap.cases.models import JointCase

    organisation = world.people["victim_side"].active_memberships[0].organisation
    services.upload_definition(
        actor=coordinator, organisation=organisation, file_name="n.yaml", text=MAPPED_CHECKLIST
    )
    vss = world.people["victim_side"]
    set_aside_open_checklist(world)
    case_access = access.case_for(vss, world.case.pk)
    done = services.start_administration(actor=vss, access=case_access, key="risk-checklist")
    services.save_answers(
        actor=vss,
        access=case_access,
        administration=done,
        answers={"N1": "yes"},
        expected_version=1,
    )
    services.complete_administration(
        actor=vss, access=case_access, administration=done, decisions={}, expected_version=2
    )
    pp = world.people["perpetrator_side"]  # joint means both sides: the programme confirms
    services.confirm_level(actor=pp, access=access.case_for(pp, world.case.pk), administration=done)
    assert JointCase.objects.get(pk=world.case.pk).risk_level == "high"
