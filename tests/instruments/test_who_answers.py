"""Who answers what: each side its own items, his questionnaire his side, hers hers; a
completed questionnaire is read, not changed."""

import io

import pytest
from django.core.management import call_command

from asap.accounts.enums import Role
from asap.cases import access
from asap.core.scopes import named_scope
from asap.instruments import services
from asap.instruments.models import Administration, Answer
from tests.factories import persona

pytestmark = pytest.mark.django_db


def test_the_perpetrator_side_gets_no_field_for_her_protected_or_own_items(world):
    url = f"/cases/{world.case.pk}/assessments/{world.ids['risk']}/"
    client = world.client("perpetrator_side")
    body = client.get(url).content.decode()
    assert 'name="item_A1"' in body
    assert 'name="item_A5"' not in body  # protected: she plans to leave
    assert 'name="item_A10"' not in body  # victim side only: her fear
    with named_scope("test"):
        version = Administration.objects.get(pk=world.ids["risk"]).version
    client.post(url, {"version": version, "item_A5": "no", "item_A1": "yes"})
    with named_scope("test"):
        a5 = Answer.objects.filter(administration_id=world.ids["risk"], item="A5")
        assert [(a.source, a.value) for a in a5] == [("victim_support_service", '"yes"')]


def test_his_questionnaire_is_answered_on_his_side_and_completed_without_levels(world):
    pp = world.people["perpetrator_side"]
    his = services.start_administration(
        actor=pp,
        access=access.case_for(pp, world.case.pk),
        key="outcome-perpetrator",
        time_point="T0",
    )
    url = f"/cases/{world.case.pk}/assessments/{his.pk}/"
    victim = world.client("victim_side")
    assert "The other side answers this questionnaire" in victim.get(url).content.decode()
    assert victim.post(url, {"version": "1", "item_physical": "never"}).status_code == 403
    response = world.client("perpetrator_side").post(
        url, {"version": "1", "item_physical": "never", "complete": "1"}
    )
    assert response.status_code == 302
    with named_scope("test"):
        assert Administration.objects.get(pk=his.pk).status == "completed"


def test_an_upload_must_raise_the_version_in_use(world):
    organisation = world.people["victim_side"].active_memberships[0].organisation
    coordinator = persona(Role.COORDINATOR, organisation)
    lower = (
        "key: risk-checklist\nversion: 1\ntitle: Old\nrespondent: worker\n"
        "levels: [low, intermediate, high]\nsections:\n"
        "  - key: A\n    title: A\n    items: [{key: X, text: X}]\n"
    )
    with pytest.raises(services.DefinitionError, match="version 1 is in use"):
        services.upload_definition(
            actor=coordinator, organisation=organisation, file_name="old.yaml", text=lower
        )


def test_a_completed_organisation_questionnaire_is_not_changed(world, signed_in_client):
    organisation = world.people["victim_side"].active_memberships[0].organisation
    client = signed_in_client(persona(Role.COORDINATOR, organisation))
    answer_url = client.post("/instruments/organisation/")["Location"]
    assert client.post(answer_url, {"version": "1", "complete": "1"}).status_code == 302
    assert client.post(answer_url, {"version": "2"}).status_code == 403


def test_the_reminders_are_queued_once():
    out = io.StringIO()
    call_command("reminders", stdout=out)
    call_command("reminders", stdout=out)
    assert "already queued" in out.getvalue()
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.count() == 1
