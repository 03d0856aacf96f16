"""The minutes as a filed document (issue 18): tagged PDF/UA-1, the case code and "page X of
Y" on every page, nothing past the margins; and in it, bg and el no English meeting type,
purpose, agenda point, step or column header: they come from the meetings timeline's
translations and the catalogues."""

import pytest

from asap.core.content import english
from asap.meetings import timeline
from tests.meetings.test_pages import meeting_urls
from tests.meetings.world import TITLE
from tests.pdf import LANGUAGES, assert_filed_document, english_left, in_language, squeezed

pytestmark = pytest.mark.django_db

COLUMNS = ["Protection/support needs", "Person/agency responsible", "Type of meeting"]


def timeline_sources() -> list[str]:
    """The English side of every meeting type, agenda point and step of the timeline."""
    texts = []
    for version in timeline.shipped().values():
        texts += [english(step.title) for step in version.steps]
        for meeting_type in version.meeting_types:
            texts += [english(meeting_type.title), english(meeting_type.purpose)]
            texts += [english(point) for point in meeting_type.agenda]
    return sorted(set(texts))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_minutes_are_an_accessible_document_in_the_readers_language(world, language):
    client = in_language(world.client("other_agency"), language)
    pdf = client.get(meeting_urls(world)["pdf"]).content
    pages = assert_filed_document(pdf, language, case_code=world.case.code)
    if language == "en":
        assert "Invitation" in squeezed("".join(pages))  # the steps are printed
        return
    # The meeting's title is what its organiser typed ("Periodic review (world meeting)").
    text = " ".join(" ".join(pages).split()).replace(TITLE, "")
    assert english_left(text, language, [*timeline_sources(), *COLUMNS]) == []
