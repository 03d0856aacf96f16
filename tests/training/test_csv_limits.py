"""The participants' CSV import is capped (bytes and rows), reads a malformed file as an error
rather than a crash, and quotes at most a short excerpt of a cell."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from asap.core.uploads import EXCERPT, MAX_CSV_BYTES, MAX_CSV_ROWS
from asap.training import csv_import
from asap.training.models import Participant

HEADER = "name,email,profile,agency_kind,country\n"
ROW = "Maria Rossi (test),maria@example.org,psychologist,victim_support_service,IT\n"


def test_an_oversized_csv_is_refused_naming_the_limit():
    data = (HEADER + ROW * (MAX_CSV_BYTES // len(ROW) + 1)).encode()
    assert csv_import.read(data).errors == [(0, "The file is larger than 512 KiB.")]


def test_more_rows_than_the_limit_are_refused():
    result = csv_import.read((HEADER + ROW * (MAX_CSV_ROWS + 1)).encode())
    assert result.errors == [(MAX_CSV_ROWS + 2, f"More than {MAX_CSV_ROWS} rows.")]


def test_a_cell_over_the_csv_modules_limit_is_an_error_not_a_crash():
    data = (HEADER + '"' + "x" * 200_000 + '",,psychologist,police,GR\n').encode()
    result = csv_import.read(data[: MAX_CSV_BYTES - 1])  # within the byte limit
    assert result.errors
    assert "cannot be read as CSV" in str(result.errors[0][1])


def test_a_message_quotes_at_most_an_excerpt_of_a_cell():
    long_value = "astronaut" + "z" * 150
    result = csv_import.read((HEADER + f"Ivan (test),,{long_value},police,BG\n").encode())
    [(row, reason)] = result.errors
    assert row == 2
    assert "z" * EXCERPT not in reason
    assert "…" in reason
    bad_email = csv_import.read(
        (HEADER + f"Ivan (test),{'e' * 150},psychologist,police,BG\n").encode()
    )
    assert "e" * EXCERPT not in bad_email.errors[0][1]


@pytest.mark.django_db
def test_the_page_refuses_an_oversized_csv_naming_the_limit(event, trainer, signed_in_client):
    data = (HEADER + ROW * (MAX_CSV_BYTES // len(ROW) + 1)).encode()
    response = signed_in_client(trainer).post(
        reverse("training:participant_import", args=[event.pk]),
        {"file": SimpleUploadedFile("people.csv", data, content_type="text/csv")},
    )
    assert response.status_code == 400
    assert "The file is larger than 512 KiB." in response.content.decode()
    assert Participant.objects.count() == 0
