"""The subject-access export's PDF and the erasure decision letter as filed documents
(issue 18): tagged PDF/UA-1, the case code and "page X of Y" on every page, nothing past the
margins; and in it, bg and el no English heading of theirs."""

import io
import zipfile

import pytest
from django.urls import reverse

from asap.dataprotection.models import ErasureDecision
from tests.dataprotection.test_decisions import decide, officer
from tests.pdf import LANGUAGES, assert_filed_document, english_left, in_language, squeezed

pytestmark = pytest.mark.django_db

EXPORT_HEADERS = [
    "The person",
    "Year of birth",
    "Gender",
    "Protected details",
    "Attached files",
    "Questionnaires answered",
    "Episodes reported",
]
LETTER_HEADERS = [
    "Your request to erase your personal data",
    "Data-protection officer",
    "Legal ground",
    "Our reasons",
    "Your rights",
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_subject_access_pdf_is_an_accessible_document(world, dpo_client, language):
    response = in_language(dpo_client, language).post(
        reverse("dataprotection:subject_access"),
        {"case_code": world.case.code, "person": "victim", "reference": "SAR-1"},
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    [name] = [n for n in archive.namelist() if n.endswith(".pdf")]
    pages = assert_filed_document(archive.read(name), language, case_code=world.case.code)
    text = "\n".join(pages)
    assert squeezed(world.canaries["victim_name"]) in squeezed(text)  # her data are read
    if language == "en":
        for header in EXPORT_HEADERS:
            assert squeezed(header) in squeezed(text), header
    else:
        assert english_left(text, language, EXPORT_HEADERS) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_decision_letter_is_an_accessible_document(world, language):
    client = officer(world)
    decide(client, world)
    decision = ErasureDecision.objects.get()
    in_language(client, language)
    pdf = client.get(reverse("dataprotection:letter", args=[decision.pk])).content
    pages = assert_filed_document(pdf, language, case_code=world.case.code)
    text = "\n".join(pages)
    assert "REQ-2026-31" in text
    if language == "en":
        for header in LETTER_HEADERS:
            assert squeezed(header) in squeezed(text), header
    else:
        assert english_left(text, language, LETTER_HEADERS) == []
