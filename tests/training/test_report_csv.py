"""The programme report's CSV opens right in a spreadsheet in every language: the byte-order
mark, the language's separator and decimal mark, translated headers and sections."""

import csv
import io

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from asap.training import services
from tests.training.test_evaluation import answer, person

pytestmark = pytest.mark.django_db


def report_csv(client: Client, language: str) -> bytes:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return b"".join(client.get(reverse("training:report_csv")).streaming_content)


@pytest.fixture
def trainer_client(event, trainer, signed_in_client):
    """A trainer's client over an event where one person from Bulgaria, a psychologist,
    attended and answered 2 before and 3 after on the first module's questions; a second
    person answered 3 before."""
    one = person(event, "One (test)", country="BG")
    two = person(event, "Two (test)", country="BG")
    first = event.sessions.first()
    services.set_attendance(actor=trainer, event=event, present={(one.pk, first.pk)})
    anonymous = Client()
    answer(anonymous, one, "pre", "gender-based-violence", 2)
    answer(anonymous, two, "pre", "gender-based-violence", 3)
    answer(anonymous, one, "post", "gender-based-violence", 3)
    return signed_in_client(trainer)


def test_the_report_csv_in_greek_reads_back_as_excel_reads_it(trainer_client):
    body = report_csv(trainer_client, "el")
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Ενότητα", "Γραμμή", "Τιμή"]
    assert ["Ανά χώρα", "Βουλγαρία", "1", ""] in rows
    assert ["Ανά προφίλ", "Ψυχολόγος", "1", ""] in rows
    changes = [row for row in rows if row[0] == "Μεταβολή πριν/μετά ανά ενότητα"]
    # The module's Greek title, and the means with the Greek decimal comma.
    assert changes[0][1:] == ["1. ΕΜΦΥΛΗ ΒΙΑ", "2,5", "3,0"]  # noqa: RUF001 (Greek text)
    assert {len(row) for row in rows} == {4}


def test_the_report_csv_in_english_keeps_the_comma_and_the_decimal_point(trainer_client):
    body = report_csv(trainer_client, "en")
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert ";" not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Section", "Row", "Value", "Second value"]
    assert ["By country", "Bulgaria", "1", ""] in rows
    changes = [row for row in rows if row[0] == "Pre/post change per module"]
    assert changes[0][2:] == ["2.5", "3.0"]
