"""Reading a CSV of participants. Every row is checked before anything is written: the result
names each rejected row and why, and the caller imports nothing unless there is no error.

Columns (a header row, in any order): name, email, profile, agency_kind, country. Profile,
agency kind and country take the code or the English label (case does not matter). A cell
that a spreadsheet would run as a formula is refused.

Limits (asap.core.uploads): at most MAX_CSV_BYTES and MAX_CSV_ROWS rows, each cell at most
MAX_LENGTH characters; a message quotes at most a short excerpt of a cell.
"""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asap.accounts.enums import OrganisationKind
from asap.core.exporters import FORMULA_STARTS
from asap.core.uploads import MAX_CSV_BYTES, MAX_CSV_ROWS, excerpt, size_label
from asap.training.enums import Country, Profile

COLUMNS = ("name", "email", "profile", "agency_kind", "country")
REQUIRED = ("name", "profile", "agency_kind", "country")
MAX_ROWS = MAX_CSV_ROWS
MAX_LENGTH = 200
_UNREADABLE = gettext_lazy("This line cannot be read as CSV: check its quotes and separators.")


@dataclass
class ImportResult:
    people: list[dict[str, Any]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, reason)


def _choice(choices: Any, value: str) -> str | None:
    """The code of `value`: a code, or a label in English or in the active language."""
    wanted = value.strip().casefold()
    known = {str(label).casefold(): code for code, label in choices.choices}
    with translation.override("en"):
        known.update({str(label).casefold(): code for code, label in choices.choices})
    known.update({str(code).casefold(): code for code in choices.values})  # codes first
    return known.get(wanted)


def read(data: bytes) -> ImportResult:
    """Check every row of the CSV `data`; row numbers count the header as row 1."""
    result = ImportResult()
    if len(data) > MAX_CSV_BYTES:
        limit = size_label(MAX_CSV_BYTES)
        result.errors.append((0, _("The file is larger than %(limit)s.") % {"limit": limit}))
        return result
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append((0, _("The file is not UTF-8 text.")))
        return result
    sample = text[:2048]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error:
        result.errors.append((1, _UNREADABLE))
        return result
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        result.errors.append((1, _("Missing column(s): %s.") % ", ".join(missing)))
        return result
    reader.fieldnames = header
    try:
        _rows(reader, result)
    except csv.Error:  # a quote left open, a cell over the csv module's own limit, …
        result.errors.append((reader.line_num, _UNREADABLE))
    if not result.people and not result.errors:
        result.errors.append((1, _("The file has no participant.")))
    return result


def _rows(reader: csv.DictReader, result: ImportResult) -> None:
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            result.errors.append((number, _("More than %d rows.") % MAX_ROWS))
            break
        cells = {k: (row.get(k) or "").strip() for k in COLUMNS}
        if not any(cells.values()):
            continue  # an empty line
        reason = _check(cells)
        if reason:
            result.errors.append((number, reason))
            continue
        result.people.append(
            {
                "name": cells["name"],
                "email": cells["email"],
                "profile": _choice(Profile, cells["profile"]),
                "agency_kind": _choice(OrganisationKind, cells["agency_kind"]),
                "country": _choice(Country, cells["country"]),
            }
        )


def _check(cells: dict[str, str]) -> str:
    """The reason a row is refused, or ""."""
    for column in COLUMNS:
        if cells[column].startswith(FORMULA_STARTS):
            return _("%(column)s starts with a formula character.") % {"column": column}
        if len(cells[column]) > MAX_LENGTH:
            return _("%(column)s is too long.") % {"column": column}
    for column in REQUIRED:
        if not cells[column]:
            return _("%(column)s is empty.") % {"column": column}
    if cells["email"]:
        try:
            validate_email(cells["email"])
        except ValidationError:
            return _("email %(value)s is not an e-mail address.") % {
                "value": excerpt(cells["email"])
            }
    for column, choices in (
        ("profile", Profile),
        ("agency_kind", OrganisationKind),
        ("country", Country),
    ):
        if _choice(choices, cells[column]) is None:
            return _("%(column)s %(value)s is not one of: %(allowed)s.") % {
                "column": column,
                "value": excerpt(cells[column]),
                "allowed": ", ".join(choices.values),
            }
    return ""
