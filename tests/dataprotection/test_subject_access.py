"""The subject-access export: everything about one person, nothing identifying anyone else."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from asap.cases import access, services
from asap.cases.enums import Compartment
from asap.core.models import AuditEvent
from asap.dataprotection.models import SubjectRequest
from tests.conftest import reauthenticate
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

CHILD_CANARIES = ["child_name", "school"]


def export(client, world, person):
    response = client.post(
        reverse("dataprotection:subject_access"),
        {"case_code": world.case.code, "person": person, "reference": "SAR-1"},
    )
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(archive.namelist())
    assert [n.rsplit(".", 1)[1] for n in names] == ["json", "pdf"]
    data = archive.read(names[0]).decode()
    pdf = pdf_text(archive.read(names[1]), squeeze=True)
    return json.loads(data), data + "\n" + pdf, pdf


def found(world, text):
    squeezed = "".join(text.split())
    return sorted(name for name, value in world.canaries.items() if value in squeezed)


def test_the_mans_export_carries_nothing_of_the_woman_or_the_children(world):
    """By the programme's officer, who handles his data (the shelter's is refused: see
    tests/dataprotection/test_crawl.py)."""
    dpo_client = world.client("dpo_pp")
    reauthenticate(dpo_client)
    pp = world.people["perpetrator_side"]
    # His side wrote her name into one of its own notes: the export withholds it.
    services.add_note(
        actor=pp,
        access=access.case_for(pp, world.case.pk),
        title="Group session",
        body=f"He spoke of {world.canaries['victim_name']} and Child 1",
        compartment=Compartment.PERPETRATOR,
    )
    data, text, pdf = export(dpo_client, world, "perpetrator")
    assert found(world, text) == []
    assert "MarioEsposito(world)" in pdf  # the PDF is read, and holds his data
    assert "VICTIM-NOTE-BODY-91c2" not in text
    assert data["person"]["name"] == "Mario Esposito (world)"  # his own data is there
    bodies = [note["text"] for note in data["notes"]]
    assert "PERPETRATOR-NOTE-BODY-33ab" in bodies
    assert "He spoke of [withheld] and Child 1" in bodies


def test_the_womans_export_has_her_own_details_but_not_the_childs(world, dpo_client):
    data, text, _pdf = export(dpo_client, world, "victim")
    seen = found(world, text)
    assert [c for c in CHILD_CANARIES if c in seen] == []
    hers = ["victim_name", "address", "phone", "email", "shelter", "workplace", "protected_note"]
    assert [c for c in hers if c not in seen] == []
    assert data["person"]["name"] == world.canaries["victim_name"]
    assert "VICTIM-NOTE-BODY-91c2" in text
    assert "PERPETRATOR-NOTE-BODY-33ab" not in text
    assert "Mario Esposito" not in text  # another person's name is withheld


def test_the_childs_export_has_the_childs_school_only(world, dpo_client):
    data, text, _pdf = export(dpo_client, world, "child:1")
    assert found(world, text) == sorted(CHILD_CANARIES)
    assert data["notes"] == []


def test_the_export_is_recorded_and_audited_without_values(world, dpo_client):
    export(dpo_client, world, "victim")
    request = SubjectRequest.objects.get()
    assert (request.kind, request.person, request.reference) == ("access", "victim", "SAR-1")
    event = AuditEvent.objects.get(action="person.subject_access")
    assert event.case_id == world.case.pk
    assert "protected_details" in event.fields
    assert found(world, json.dumps(event.fields)) == []


def test_a_get_shows_the_form_and_exports_nothing(world, dpo_client):
    response = dpo_client.get(
        reverse("dataprotection:subject_access") + f"?case_code={world.case.code}&person=victim"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert found(world, response.content.decode()) == []
    assert not SubjectRequest.objects.exists()


def test_the_pdf_shows_labels_and_dates_the_json_keeps_the_keys(world, dpo_client):
    data, _text, pdf = export(dpo_client, world, "victim")
    # The JSON keeps the stored keys and ISO dates ...
    assert data["consents"][0]["scopes"] == ["perpetrator_programme"]
    assert data["consents"][0]["given_on"] == "2026-01-10"
    assert "address" in [d["kind"] for d in data["protected_details"]]
    assert "psychological" in data["episodes_reported"][0]["forms_of_violence"]
    # ... the PDF shows what they mean, and dates as dates.
    for label in ["Sharinginformationwiththeperpetratorprogramme", "Address", "Psychological"]:
        assert label in pdf
    assert "Severity:Medium".casefold() in pdf.casefold()
    for raw in ["perpetrator_programme", "psychological", "2026-01-10", "T00:00", "+00:00"]:
        assert raw not in pdf
