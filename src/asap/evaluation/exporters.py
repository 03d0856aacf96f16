"""The dashboard's figures as CSV and XLSX (the same cells, "<5" where suppressed), and the
funder report as XLSX (a sheet per figure) and PDF."""

import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from asap.core.exporters import csv_response, safe_cell
from asap.core.pdf import pdf_response, render_pdf
from asap.evaluation.figures import Figure
from asap.evaluation.period import Period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def header() -> list[str]:
    return [_("Figure"), _("Row"), _("Column"), _("Value")]


def long_rows(figures: Iterable[Figure]) -> Iterable[list[object]]:
    """One line per cell: figure, row, column, value (or the suppression mark)."""
    for figure in figures:
        for row in figure.rows:
            for column, cell in zip(figure.columns, row.cells, strict=True):
                yield [str(figure.title), row.label, str(column), cell.export]


def figures_csv(filename: str, figures: list[Figure]) -> HttpResponse:
    return csv_response(filename, header(), long_rows(figures))


def figures_xlsx(filename: str, title: str, figures: list[Figure], note: object) -> HttpResponse:
    """A workbook with one sheet of all the cells and a note (the five-case rule where it
    applies)."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Figures")[:31]
    sheet.append([safe_cell(title)])
    sheet.append([safe_cell(str(note))])
    sheet.append([safe_cell(h) for h in header()])
    for line in long_rows(figures):
        sheet.append([v if isinstance(v, int | float) else safe_cell(v) for v in line])
    return xlsx_response(filename, book)


def xlsx_response(filename: str, book: Workbook) -> HttpResponse:
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def _value(value: object) -> object:
    return value if isinstance(value, int | float) else safe_cell(value)


def report_xlsx(filename: str, cover: list[list[str]], figures: list[Figure]) -> HttpResponse:
    """The funder report: a cover sheet, then one sheet per figure laid out as its table."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Report")[:31]
    for line in cover:
        sheet.append([safe_cell(v) for v in line])
    for number, figure in enumerate(figures, start=1):
        title = f"{number}. {figure.title}".translate(SHEET_TITLE_FORBIDDEN)[:31]
        sheet = book.create_sheet(title)
        sheet.append([safe_cell(str(figure.title))])
        sheet.append([safe_cell(str(figure.explanation))])
        sheet.append(["", *[safe_cell(str(c)) for c in figure.columns]])
        for row in figure.rows:
            sheet.append([safe_cell(row.label), *[_value(c.export) for c in row.cells]])
        if not figure.rows:
            sheet.append([safe_cell(_("Nothing recorded in the period."))])
    return xlsx_response(filename, book)


def report_pdf(filename: str, context: dict[str, Any], request: Any) -> HttpResponse:
    """The funder report printed from `evaluation/report_print.html`."""
    return pdf_response(filename, render_pdf("evaluation/report_print.html", context, request))


def report_cover(title: str, period: Period, note: object) -> list[list[str]]:
    """The lines that open the report: who, which period, and how to read it."""
    return [
        [_("Funder report")],
        [title],
        [_("From"), period.start.isoformat()],
        [_("To"), period.end.isoformat()],
        [str(note)],
    ]
