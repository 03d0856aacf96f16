"""Evaluation: the questionnaires are instrument-engine definitions built from each module's
expected results; participants answer through their personal link; the event report and the
programme report show the pre/post change per module."""

import datetime
import json

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import translation

from asap.instruments.definition import load_definition
from asap.training import curriculum, evaluation, services
from asap.training.enums import RegisteredBy
from asap.training.forms import QuestionnaireForm
from asap.training.models import Response

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("module", curriculum.reference().modules, ids=lambda m: m.key)
def test_each_module_questionnaire_asks_about_its_expected_results(module):
    path = evaluation.FOLDER / f"training-{module.key}-v1.yaml"
    definition = load_definition(path.read_text(), path.name)  # validated by the engine
    assert definition.respondent == "trainee"
    assert [item.label("en") for item in definition.items] == list(module.expected_results)
    assert {(item.type, item.minimum, item.maximum) for item in definition.items} == {
        ("scale", 1, 5)
    }


def test_the_satisfaction_questionnaire_is_a_valid_definition():
    definition = evaluation.definition(evaluation.SATISFACTION)
    assert definition.respondent == "trainee"
    assert [i.key for i in definition.items if i.type == "scale"] == [
        "overall",
        "relevance",
        "methods",
        "materials",
        "trainers",
    ]


def person(event, name, country="IT", profile="psychologist"):
    return services.register_participant(
        actor=None,
        event=event,
        by=RegisteredBy.TRAINER,
        name=name,
        email="",
        profile=profile,
        agency_kind="victim_support_service",
        country=country,
    )


def answer(client, participant, kind, module, value):
    url = reverse("training:questionnaire", args=[participant.token, kind, module])
    items = evaluation.module_definition(module).items
    return client.post(url, {f"item_{item.key}": value for item in items})


def test_participants_answer_before_and_after_and_the_report_shows_the_change(
    event, trainer, signed_in_client
):
    one, two = person(event, "One (test)"), person(event, "Two (test)")
    client = Client()
    assert answer(client, one, "pre", "gender-based-violence", 2).status_code == 302
    assert answer(client, two, "pre", "gender-based-violence", 3).status_code == 302
    assert answer(client, one, "post", "gender-based-violence", 4).status_code == 302
    assert answer(client, two, "post", "gender-based-violence", 5).status_code == 302
    satisfaction = reverse("training:satisfaction", args=[one.token])
    client.post(satisfaction, {"item_overall": 5, "item_trainers": 4, "item_comments": "Good"})
    assert Response.objects.filter(participant__event=event).count() == 5
    # Answers live in training's own table, never in a case app's.
    assert Response._meta.app_label == "training"

    page = signed_in_client(trainer).get(reverse("training:event_report", args=[event.pk]))
    body = page.content.decode()
    assert "<td>2.5</td><td>4.5</td><td>2.00</td><td>2 / 2</td>" in body
    assert "<svg" in body
    assert 'class="chart-a"' in body
    assert "<title>Before: 2.50</title>" in body  # a translatable label, not the code "pre"
    assert ">pre<" not in body
    with translation.override("it"):
        labels = [
            bar.label for bar in evaluation.chart(evaluation.changes([], {"m": "M"}))["rows"][0][2]
        ]
    assert labels == [gettext_in("it", "Before"), gettext_in("it", "After")]
    changes = evaluation.changes(
        Response.objects.all(), {"gender-based-violence": "1", "child-protection": "2"}
    )
    assert [(c.pre, c.post, c.change) for c in changes] == [(2.5, 4.5, 2.0), (None, None, None)]
    assert evaluation.satisfaction(Response.objects.all()) == {"overall": 5.0, "trainers": 4.0}


def test_a_module_the_event_does_not_teach_has_no_questionnaire(event):
    one = person(event, "One (test)")
    url = reverse("training:questionnaire", args=[one.token, "pre", "digital-violence"])
    assert Client().get(url).status_code == 404
    bad_kind = reverse("training:questionnaire", args=[one.token, "during", "child-protection"])
    assert Client().get(bad_kind).status_code == 404


def test_an_answer_outside_the_scale_is_refused(event):
    one = person(event, "One (test)")
    response = answer(Client(), one, "pre", "child-protection", 9)
    assert response.status_code == 400
    assert Response.objects.count() == 0


def test_the_programme_report_counts_people_trained_by_profile_country_and_agency(
    event, trainer, signed_in_client
):
    first = event.sessions.first()
    a = person(event, "A (test)", country="IT", profile="psychologist")
    b = person(event, "B (test)", country="BG", profile="psychologist")
    person(event, "Never came (test)", country="GR", profile="it_professional")
    services.set_attendance(
        actor=trainer, event=event, present={(a.pk, first.pk), (b.pk, first.pk)}
    )
    client = signed_in_client(trainer)
    body = client.get(reverse("training:report")).content.decode()
    assert "2 people trained" in body
    assert '<th scope="row">Psychologist</th><td>2</td>' in body
    assert '<th scope="row">Italy</th><td>1</td>' in body
    assert "Greece" not in body
    assert '<th scope="row">1. GENDER-BASED VIOLENCE</th><td>1</td><td>2</td>' in body
    csv = b"".join(client.get(reverse("training:report_csv")).streaming_content)
    csv = csv.decode("utf-8-sig")
    assert "People trained,,2," in csv
    assert "By country,Bulgaria,1," in csv


def test_no_training_model_points_at_a_case():
    for model in apps.get_app_config("training").get_models():
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            if related is not None:
                assert related._meta.app_label in {"training", "accounts"}, (model, field)


def test_an_empty_questionnaire_is_refused(event):
    one = person(event, "One (test)")
    url = reverse("training:questionnaire", args=[one.token, "post", "child-protection"])
    response = Client().post(url, {})
    assert response.status_code == 400
    assert "Answer at least one question." in response.content.decode()
    assert Response.objects.count() == 0


def gettext_in(language, text):
    with translation.override(language):
        return translation.gettext(text)


DATED = """
key: training-dated-test
version: 1
title:
  en: "Dated (test)"
respondent: trainee
description:
  en: "In English (test)."
  it: "In italiano (test)."
sections:
  - key: only
    title:
      en: "Only"
    items:
      - key: when
        type: date
        text:
          en: "When?"
      - key: rating
        type: scale
        min: 1
        max: 5
        text:
          en: "Rating?"
"""


def test_a_questionnaire_keeps_a_date_as_json_can_hold_it_and_shows_it_again():
    definition = load_definition(DATED, "training-dated-test-v1.yaml")
    form = QuestionnaireForm(
        {"item_when": "2026-09-14", "item_rating": "4"}, definition=definition, answers={}
    )
    assert form.is_valid(), form.errors
    answers = form.answers()
    assert answers == {"when": "2026-09-14", "rating": 4}
    json.dumps(answers)  # a date object would not serialise
    again = QuestionnaireForm(definition=definition, answers=answers)
    assert again["item_when"].initial == datetime.date(2026, 9, 14)


def test_the_questionnaire_description_is_in_the_readers_language(event, monkeypatch):
    definition = load_definition(DATED, "training-dated-test-v1.yaml")
    monkeypatch.setattr(evaluation, "module_definition", lambda key: definition)
    one = person(event, "One (test)")
    url = reverse("training:questionnaire", args=[one.token, "pre", "gender-based-violence"])
    italian = Client(headers={"accept-language": "it"}).get(url).content.decode()
    english = Client(headers={"accept-language": "en"}).get(url).content.decode()
    assert "In italiano (test)." in italian
    assert "In English (test)." not in italian
    assert "In English (test)." in english
