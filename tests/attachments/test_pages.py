"""The case page, the timeline and the list show the files the viewer reads, in a constant
number of queries, and every field of an attachment has a compartment."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asap.attachments import services
from asap.attachments.compartments import COMPARTMENTS
from asap.attachments.models import Attachment
from asap.cases import services as case_services
from asap.cases.enums import Compartment
from tests.attachments import files

pytestmark = pytest.mark.django_db


def test_every_field_of_an_attachment_has_a_compartment():
    assert set(COMPARTMENTS[Attachment]) == {f.name for f in Attachment._meta.concrete_fields}


def attach_some(team, count: int) -> None:
    """`count` files: the case's, joint (every member reads them), half of them on a note."""
    access = team.access("police")
    note = case_services.add_note(
        actor=team.police, access=access, title="Call-out", body="b", compartment="joint"
    )
    for number in range(count):
        services.attach_file(
            actor=team.police,
            access=access,
            title=f"Police file {number}",
            file_name=f"file-{number}.png",
            content=files.png(str(number)),
            compartment=Compartment.JOINT,
            record=note if number % 2 else None,
        )


def count(client, url: str) -> tuple[int, str]:
    """The queries of the page once warm: the header's counts of My work are cached for a
    while after the first page (asap.work), which is not what is measured here."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("viewer", ["vss", "pp"])
# Not named `page`: that is pytest-playwright's fixture, which would make this a browser test
# and move it (and the tests after it) behind the transactional browser tests.
@pytest.mark.parametrize("url_name", ["cases:detail", "cases:timeline", "attachments:list"])
def test_a_page_runs_the_same_queries_with_one_and_four_files(
    team, signed_in_client, viewer, url_name
):
    client = signed_in_client(getattr(team, viewer))
    url = reverse(url_name, args=[team.case.pk])
    attach_some(team, 1)
    one, _body = count(client, url)
    attach_some(team, 3)
    four, body = count(client, url)
    assert one == four
    links = set(re.findall(rf"/cases/{team.case.pk}/attachments/\d+/download/", body))
    assert len(links) == 4


def test_files_are_links_to_download_never_embedded(team, signed_in_client):
    attach_some(team, 2)
    body = signed_in_client(team.vss).get(reverse("cases:detail", args=[team.case.pk]))
    page = body.content.decode()
    assert "Police file 0" in page
    assert not re.search(r"<(img|iframe|object|embed)[^>]*/attachments/", page)
