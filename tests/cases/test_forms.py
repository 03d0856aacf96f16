"""Forms keep the user's input and say what is wrong; a concurrent edit never overwrites."""

import re
from pathlib import Path

import pytest

from asap.cases import access
from asap.cases.models import JointCase, TimelineEntry
from asap.core.scopes import named_scope

pytestmark = pytest.mark.django_db


def test_opening_a_case_without_the_womans_name_keeps_the_input_and_names_the_field(
    vss_worker, signed_in_client
):
    client = signed_in_client(vss_worker)
    response = client.post(
        "/cases/open/",
        {
            "organisation": vss_worker.active_memberships[0].organisation_id,
            "perpetrator_name": "Mario Neri (typed)",
            "victim_name": "",
            "phase": "referral",
            "programme_start": "2026-03-01",
            "programme_end": "2026-02-01",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'value="Mario Neri (typed)"' in body
    assert re.search(r'id="id_victim_name_error"[^>]*>This field is required', body)
    assert re.search(r'id="id_programme_end_error"[^>]*>The programme cannot end', body)
    assert JointCase.objects.count() == 0


def test_opening_a_case_makes_the_worker_its_lead_on_her_side(vss_worker, signed_in_client):
    client = signed_in_client(vss_worker)
    response = client.post(
        "/cases/open/",
        {
            "organisation": vss_worker.active_memberships[0].organisation_id,
            "perpetrator_name": "Mario Neri",
            "victim_name": "Lucia Verdi",
            "phase": "referral",
        },
    )
    case = JointCase.objects.get()
    assert response["Location"] == f"/cases/{case.pk}/"
    case_access = access.case_for(vss_worker, case.pk)
    assert (case_access.side, case_access.member.is_lead) == ("victim", True)


def test_a_concurrent_edit_of_a_note_is_refused_with_the_input_kept(world):
    note = world.notes["joint"]
    url = f"/cases/{world.case.pk}/notes/{note.pk}/edit/"
    first, second = world.client("victim_side"), world.client("perpetrator_side")
    opened = re.search(r'name="version" value="(\d+)"', second.get(url).content.decode())[1]
    response = first.post(url, {"title": "First", "body": "First wins", "version": opened})
    assert response.status_code == 302
    response = second.post(url, {"title": "Second", "body": "Second's words", "version": opened})
    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this record after you opened it" in body
    assert "Second&#x27;s words" in body
    with named_scope("test"):
        note = TimelineEntry.objects.get(pk=note.pk)
    assert (note.title, note.body, note.version) == ("First", "First wins", 2)


def test_a_concurrent_edit_of_the_case_details_is_refused(world):
    url = f"/cases/{world.case.pk}/edit/"
    data = {"phase": "assessment", "status": "open", "version": "1"}
    assert world.client("victim_side").post(url, data).status_code == 302
    response = world.client("perpetrator_side").post(url, {**data, "phase": "intervention"})
    assert response.status_code == 409
    assert JointCase.objects.get(pk=world.case.pk).phase == "assessment"


def test_a_child_is_not_ready_to_assess_until_the_four_principles_are_met(world):
    url = f"/cases/{world.case.pk}/children/{world.ids['child']}/preparation/"
    client = world.client("child_protection_lead")
    response = client.post(url, {"child_informed": "on", "version": ""})
    assert response.status_code == 400
    assert "The parent&#x27;s informed consent comes first" in response.content.decode()
    complete = {
        "parent_consent_on": "2026-02-01",
        "consenting_parent": "mother",
        "child_informed": "on",
        "child_agrees": "on",
        "support_person": "grandmother",
        "rights_explained": "on",
        "professional_gender": "female",
        "gender_and_needs": "Aged ten; prefers drawing to talking",
        "version": "",
    }
    assert client.post(url, complete).status_code == 302
    case_access = access.case_for(world.people["perpetrator_side"], world.case.pk)
    (child,) = access.children_of(case_access)
    assert child.preparation.is_ready is True
    assert child.display_name == "Child 1"


def test_a_case_form_lets_the_browser_say_what_is_required_before_submitting(world):
    body = world.client("victim_side").get(f"/cases/{world.case.pk}/notes/add/").content.decode()
    form = re.search(r"<form [^>]*method=\"post\"[^>]*>", body[body.index("<h1") :])[0]
    assert "novalidate" not in form
    assert re.search(r'<input type="text" name="title"[^>]* required', body)


def test_no_form_template_switches_off_the_browsers_required_field_check():
    from django.conf import settings

    templates = Path(settings.BASE_DIR) / "templates"
    switched_off = [
        str(path.relative_to(templates))
        for path in sorted(templates.rglob("*.html"))
        if "novalidate" in path.read_text()
    ]
    assert len(list(templates.rglob("*.html"))) > 100
    assert switched_off == []
