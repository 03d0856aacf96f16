"""Spreadsheet-safe CSV that opens right in every language: UTF-8 with a byte-order mark, the
locale's separator and decimal mark, and a cell that a spreadsheet would run as a formula
escaped."""

import csv
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.utils import formats, translation

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a CSV as UTF-8 only when it starts with the byte-order mark; without it Greek and
# Bulgarian text comes out garbled.
BYTE_ORDER_MARK = "\ufeff"


def csv_format() -> tuple[str, str]:
    """The separator and the decimal mark of the active language.

    Where the decimal mark is a comma (it, bg, el), Excel and LibreOffice separate the cells
    with a semicolon, and a comma-separated file opens in one column.
    """
    decimal_mark = str(formats.get_format("DECIMAL_SEPARATOR"))
    return (";" if decimal_mark == "," else ","), decimal_mark


def safe_cell(value: object, decimal_mark: str = ".") -> str:
    """The cell as text; a text a spreadsheet would read as a formula gets a leading "'".

    A number (not a bool) is written as it is, with `decimal_mark` before its decimals: a
    negative number is not a formula.
    """
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value).replace(".", decimal_mark)
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> StreamingHttpResponse:
    """Stream rows as a CSV download in the active language's format, every cell escaped.

    The rows are read while the response streams, after the view has returned: they are
    written in the language that was active when the view made the response.
    """
    language = translation.get_language()
    separator, decimal_mark = csv_format()
    writer = csv.writer(_Echo(), delimiter=separator)

    def lines() -> Iterable[str]:
        with translation.override(language):
            yield BYTE_ORDER_MARK + writer.writerow([safe_cell(cell) for cell in header])
            for row in rows:
                yield writer.writerow([safe_cell(cell, decimal_mark) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
