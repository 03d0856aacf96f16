"""The funder report as a filed document (issue 18): tagged PDF/UA-1, "page X of Y" on every
page, its widest table (cases by phase and outcome) inside the margins; no case code in it
(it is an organisation's, not a case's); and in it, bg and el no English figure title,
column or row header."""

import pytest
from django.urls import reverse

from asap.cases.models import JointCase
from tests.evaluation.test_report import world  # noqa: F401  (fixture)
from tests.pdf import (
    LANGUAGES,
    assert_filed_document,
    english_left,
    in_language,
    pdf_text,
    squeezed,
)

pytestmark = pytest.mark.django_db

HEADERS = [
    "Row",
    "Cases by phase and outcome",
    "Open at the end",
    "Closed, no reason recorded",
    "All phases",
    "Programme completion and drop-out",
    "Started attending (group or individual)",
    "Number",
    "Recidivism by source",
    "Cases with an episode",
    "Meetings held",
    "All meetings",
    "Training delivered",
    "Nothing recorded in the period.",
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_funder_report_is_an_accessible_document_in_the_readers_language(
    world,  # noqa: F811  (the fixture imported above)
    coordinator_client,
    language,
):
    client = in_language(coordinator_client, language)
    pdf = client.get(reverse("evaluation:report_pdf")).content
    pages = assert_filed_document(pdf, language)
    text = pdf_text(pdf)  # each cell's text in order (the layout interleaves wrapped cells)
    assert [c for c in JointCase.objects.values_list("code", flat=True) if c in text] == []
    if language == "en":
        for header in HEADERS[:-1]:
            assert squeezed(header) in squeezed(text), header
    else:
        assert english_left("\n".join([*pages, text]), language, HEADERS) == []
