"""The progress and attendance report as a filed document (issue 18): tagged PDF/UA-1, the
case code and "page X of Y" on every page, nothing past the margins; and in it, bg and el
no English heading, column or row header of its attendance tables."""

import pytest

from tests.justice.test_reports import draft, register, report_url  # noqa: F401  (fixture)
from tests.pdf import LANGUAGES, assert_filed_document, english_left, in_language, squeezed

pytestmark = pytest.mark.django_db

HEADERS = [
    "Progress and attendance report",
    "Programme participant",
    "Report to",
    "Programme status",
    "Sessions in the period and since the programme started",
    "In the period",
    "Since the start",
    "Sessions held",
    "Attended (present or late)",
    "Absent with notice",
    "Absent without notice",
    "Sessions in the period",
    "Covering note",
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_progress_report_is_an_accessible_document_in_the_readers_language(
    team,
    register,  # noqa: F811  (the fixture imported above)
    signed_in_client,
    language,
):
    report = draft(team)
    client = in_language(signed_in_client(team.pp), language)
    pdf = client.get(report_url(team, report, "pdf")).content
    pages = assert_filed_document(pdf, language, case_code=team.case.code)
    text = "\n".join(pages)
    assert "MarcoBianchi(test)" in squeezed(text)  # it is his report
    if language == "en":
        for header in HEADERS:
            assert squeezed(header) in squeezed(text), header
    else:
        # The covering note is what the worker typed, in English here.
        text = text.replace(report.covering_note, "")
        assert english_left(text, language, HEADERS) == []
