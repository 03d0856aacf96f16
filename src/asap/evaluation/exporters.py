"""The dashboard's figures as CSV and XLSX: the same cells, "<5" where suppressed."""

import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from asap.core.exporters import csv_response, safe_cell
from asap.evaluation.figures import Figure
from asap.evaluation.suppression import SUPPRESSED_EXPLANATION

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


def figures_xlsx(filename: str, title: str, figures: list[Figure]) -> HttpResponse:
    """A workbook with one sheet of all the cells and a note on the five-case rule."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Figures")[:31]
    sheet.append([safe_cell(title)])
    sheet.append([safe_cell(str(SUPPRESSED_EXPLANATION))])
    sheet.append([safe_cell(h) for h in header()])
    for line in long_rows(figures):
        sheet.append([v if isinstance(v, int | float) else safe_cell(v) for v in line])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
