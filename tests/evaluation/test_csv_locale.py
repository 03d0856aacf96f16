"""The dashboards' CSV opens right in a spreadsheet in every language: the byte-order mark,
the language's separator and decimal mark, the headers and figures in the reader's language."""

import csv
import datetime
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from asap.plans.models import ActionItem
from tests.evaluation.builders import full_case

pytestmark = pytest.mark.django_db


def csv_rows(client, url: str, language: str, delimiter: str) -> list[list[str]]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))


@pytest.fixture
def one_in_three_actions_done(agency):
    """A case with three actions, one done: the completion rate is 33.3%."""
    case = full_case(agency)
    term = timezone.localdate() + datetime.timedelta(days=30)
    ActionItem.objects.create(
        case=case, need="need", action="act", term=term, responsible="someone", status="open"
    )


def test_the_own_dashboard_csv_in_greek_reads_back_as_excel_reads_it(
    one_in_three_actions_done, coordinator_client
):
    rows = csv_rows(coordinator_client, reverse("evaluation:dashboard_csv"), "el", ";")
    assert rows[0] == ["Δείκτης", "Γραμμή", "Στήλη", "Τιμή"]
    assert ["Σχέδια δράσης", "Ποσοστό ολοκλήρωσης", "Ενέργειες", "33,3"] in rows
    assert {len(row) for row in rows} == {4}


def test_the_network_csv_in_greek_has_greek_headers_and_the_semicolon(
    agency, coordinator_client, network
):
    full_case(agency)
    url = reverse("evaluation:network_csv", args=[network.pk])
    rows = csv_rows(coordinator_client, url, "el", ";")
    assert rows[0] == ["Δείκτης", "Γραμμή", "Στήλη", "Τιμή"]
    greek = ["Περιστατικά ανά φάση", "Όλες οι φάσεις", "Ανοιχτά", "<5"]  # noqa: RUF001 (Greek)
    assert greek in rows
    assert {len(row) for row in rows} == {4}


def test_the_own_dashboard_csv_in_english_keeps_the_comma_and_the_decimal_point(
    one_in_three_actions_done, coordinator_client
):
    rows = csv_rows(coordinator_client, reverse("evaluation:dashboard_csv"), "en", ",")
    assert rows[0] == ["Figure", "Row", "Column", "Value"]
    assert ["Action plans", "Completion rate", "Actions", "33.3"] in rows
    assert {len(row) for row in rows} == {4}
