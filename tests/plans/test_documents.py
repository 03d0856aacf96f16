"""The action plan as a filed document (issue 18): the protocol's four columns plus status,
tagged PDF/UA-1, and on every page of a plan that runs over several the case code and "page
X of Y"; a long unbroken word stays inside the margins; no English column header in it, bg
or el."""

import pytest

from tests.pdf import LANGUAGES, assert_filed_document, english_left, in_language, pdf_text
from tests.plans.test_screens import add, url

pytestmark = pytest.mark.django_db

COLUMNS = ["Protection/support needs", "Person/agency responsible", "Actions"]
LONG_WORD = "Kinderschutzzusammenarbeitsvereinbarungsverfahren" * 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_long_action_plan_is_an_accessible_document_on_every_page(
    couple, signed_in_client, language
):
    for n in range(1, 31):
        add(couple, n, need=f"Need {n}: {LONG_WORD}")
    client = in_language(signed_in_client(couple.pp), language)
    pdf = client.get(url("pdf", couple)).content
    pages = assert_filed_document(pdf, language, case_code=couple.case.code)
    assert len(pages) > 1
    assert LONG_WORD in pdf_text(pdf, squeeze=True)  # wrapped inside its cell, not cut
    if language == "en":
        for column in [*COLUMNS, "Term", "Status"]:
            assert "".join(column.split()) in pdf_text(pdf, squeeze=True)
    else:
        assert english_left("\n".join(pages), language, COLUMNS) == []
