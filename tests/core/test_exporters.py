"""The spreadsheet-safe CSV: formulas escaped, numbers left as numbers with the language's
decimal mark, the byte-order mark and the language's separator."""

import pytest
from django.utils import translation

from asap.core.exporters import csv_format, csv_response, safe_cell


def test_a_negative_number_is_not_escaped():
    assert safe_cell(-8) == "-8"
    assert safe_cell(-2.5) == "-2.5"
    assert safe_cell(0) == "0"


def test_a_text_that_looks_like_a_formula_is_still_escaped():
    assert safe_cell("-1+1") == "'-1+1"
    assert safe_cell("=cmd") == "'=cmd"
    assert safe_cell("-8") == "'-8"
    assert safe_cell(True) == "True"
    assert safe_cell(None) == ""


def test_a_decimal_takes_the_mark_it_is_given_and_a_whole_number_none():
    assert safe_cell(2.5, ",") == "2,5"
    assert safe_cell(-0.25, ",") == "-0,25"
    assert safe_cell(12, ",") == "12"
    assert safe_cell("2.5", ",") == "2.5"  # a text is not a number: left as it is
    assert safe_cell("=1.5", ",") == "'=1.5"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", (",", ".")), ("it", (";", ",")), ("bg", (";", ",")), ("el", (";", ","))],
    ids=["en", "it", "bg", "el"],
)
def test_the_separator_is_a_semicolon_where_the_decimal_mark_is_a_comma(language, expected):
    with translation.override(language):
        assert csv_format() == expected


def test_the_download_starts_with_the_byte_order_mark_in_the_languages_format():
    with translation.override("el"):
        response = csv_response("x.csv", ["Τιμή", "Note"], [["Ενότητα", 2.5, "=cmd"]])
    body = b"".join(response.streaming_content)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith(b"\xef\xbb\xbf")
    greek = "Τιμή;Note\r\nΕνότητα;2,5;'=cmd\r\n"  # noqa: RUF001 (Greek text)
    assert body.decode("utf-8-sig") == greek
