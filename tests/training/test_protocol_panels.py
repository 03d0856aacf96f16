"""The "What the protocol says" panel: each protocol tool's page names the curriculum's module
and topic that teach the tool, its key messages and a link to the module, in the reader's
language, with no query of its own."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from asap.cases import access
from asap.instruments import services as instruments
from asap.training import curriculum
from asap.training.protocol_panels import TAUGHT_IN, teachings_of

pytestmark = pytest.mark.django_db

HEADING = "What the protocol says"
DEFINITIONS = Path(instruments.__file__).parent / "definitions"


def test_every_module_and_topic_the_table_names_is_in_the_curriculum():
    reference = curriculum.reference()
    modules = {module.key: module for module in reference.modules}
    for tool, places in TAUGHT_IN.items():
        assert places, tool
        for module_key, topic_title in places:
            assert module_key in modules, (tool, module_key)
            titles = [topic.title for topic in modules[module_key].topics]
            assert topic_title in titles, (tool, topic_title)


def test_every_shipped_instrument_is_taught_somewhere():
    shipped = {path.name.rsplit("-v", 1)[0] for path in DEFINITIONS.glob("*.yaml")}
    assert shipped == {
        "digital-violence",
        "organisational-behaviour",
        "outcome-perpetrator",
        "outcome-victim",
        "risk-checklist",
    }
    assert shipped <= set(TAUGHT_IN)


def test_the_teaching_of_the_it_safety_plan_is_module_3_topic_3():
    [teaching] = teachings_of("it-safety-plan")
    assert (teaching.module.number, teaching.topic_number) == (3, 3)
    assert teaching.topic.title == "IT safety planning"
    assert teaching.topic.key_messages[0] == "Stopping violence"


def test_a_tool_the_curriculum_does_not_teach_has_no_panel():
    assert teachings_of("safe-place") == []
    html = Template('{% load protocol_panels %}{% protocol_panel "safe-place" %}').render(Context())
    assert html.strip() == ""


def test_the_panel_reads_no_database():
    curriculum.reference()  # read once per process, as on any page after the first
    with CaptureQueriesContext(connection) as captured:
        html = Template('{% load protocol_panels %}{% protocol_panel "meetings" %}').render(
            Context()
        )
    assert HEADING in html
    assert len(captured) == 0


def start(world, who: str, key: str) -> int:
    worker = world.people[who]
    return instruments.start_administration(
        actor=worker, access=access.case_for(worker, world.case.pk), key=key
    ).pk


def answer_url(world, administration_pk: int) -> str:
    return reverse("instruments:answer", args=[world.case.pk, administration_pk])


# (tool, persona, the page): each protocol tool's page as a person who uses it reads it.
PAGES = {
    "risk-checklist": (
        "risk-checklist",
        "perpetrator_side",
        lambda world: answer_url(world, world.ids["risk"]),
    ),
    "digital-violence": (
        "digital-violence",
        "victim_side",
        lambda world: answer_url(world, start(world, "victim_side", "digital-violence")),
    ),
    "outcome-victim": (
        "outcome-victim",
        "victim_side",
        lambda world: answer_url(world, world.ids["outcome_victim"]),
    ),
    "outcome-perpetrator": (
        "outcome-perpetrator",
        "perpetrator_side",
        lambda world: answer_url(world, start(world, "perpetrator_side", "outcome-perpetrator")),
    ),
    "definition-risk-checklist": (
        "risk-checklist",
        "coordinator",
        lambda world: reverse("organisation_instruments:definition", args=["risk-checklist"]),
    ),
    "organisational-behaviour": (
        "organisational-behaviour",
        "coordinator",
        lambda world: reverse("organisation_instruments:questionnaire"),
    ),
    "action-plan": (
        "action-plan",
        "perpetrator_side",
        lambda world: reverse("plans:list", args=[world.case.pk]),
    ),
    "it-safety-plan-victim-side": (
        "it-safety-plan",
        "victim_side",
        lambda world: reverse("plans:safety", args=[world.case.pk]),
    ),
    "it-safety-plan-perpetrator-side": (
        "it-safety-plan",
        "perpetrator_side",
        lambda world: reverse("plans:safety", args=[world.case.pk]),
    ),
    "meetings": (
        "meetings",
        "other_agency",
        lambda world: reverse("meetings:list", args=[world.case.pk]),
    ),
    "team-meetings": ("team-meetings", "coordinator", lambda world: reverse("team_meetings:list")),
    "case-agreements": (
        "agreements",
        "victim_side",
        lambda world: reverse("case_agreements:list", args=[world.case.pk]),
    ),
    "organisation-agreements": (
        "agreements",
        "coordinator",
        lambda world: reverse("agreements:list"),
    ),
}


@pytest.mark.parametrize("which", list(PAGES))
def test_the_tool_page_says_what_the_protocol_says(world, which):
    tool, who, url_of = PAGES[which]
    response = world.client(who).get(url_of(world))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count(HEADING) == 1
    curriculum_url = reverse("training:curriculum")
    for teaching in teachings_of(tool):
        assert f"Module {teaching.module.number}: {escape(teaching.module.title)}</strong>" in body
        assert f"Topic {teaching.topic_number}: {escape(teaching.topic.title)}" in body
        assert f"<li>{escape(teaching.topic.key_messages[0])}</li>" in body
        assert f'href="{curriculum_url}#module-{teaching.module.key}"' in body


def test_the_risk_checklist_names_module_6_for_her_and_module_2_for_the_children(world):
    body = world.client("victim_side").get(answer_url(world, world.ids["risk"])).content.decode()
    assert "Module 6: ASAP 2.0 PROTOCOL</strong>" in body
    assert "Module 2: CHILD PROTECTION</strong>" in body
    assert "Topic 3: Risk assessment for children" in body


def test_an_organisations_own_instrument_has_no_panel(world):
    body = world.client("victim_side").get(answer_url(world, world.ids["safe_place"]))
    assert body.status_code == 200
    assert "Where she is safe (test instrument)" in body.content.decode()
    assert HEADING not in body.content.decode()


def test_the_panel_shows_the_curriculums_translation_marked(world):
    client = world.client("victim_side")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bg"
    body = client.get(reverse("plans:safety", args=[world.case.pk])).content.decode()
    assert '<span lang="bg" data-translated>ДИГИТАЛНО НАСИЛИЕ</span>' in body
    assert '<li><span lang="bg" data-translated>Спиране на насилието</span></li>' in body
    assert "?source=en" in body  # the page's note on translated programme texts


def test_a_case_worker_reads_the_module_the_panel_links_to(world):
    body = world.client("perpetrator_side").get(reverse("training:curriculum")).content.decode()
    for places in TAUGHT_IN.values():
        for module_key, _topic in places:
            assert f'id="module-{module_key}"' in body
    # The training events are the trainers' page: no link to it for a case worker.
    assert f'href="{reverse("training:events")}"' not in body


def test_a_trainer_still_finds_the_training_events_on_the_curriculum_page(
    trainer, signed_in_client
):
    body = signed_in_client(trainer).get(reverse("training:curriculum")).content.decode()
    assert f'href="{reverse("training:events")}"' in body
