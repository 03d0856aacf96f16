"""Reading an existing caseload (CSV or XLSX) before it is imported: every cell of every row is
checked, and the result names the row and the column of each error. Nothing is written here.

Columns (a header row, in any order; `COLUMNS`): reference, man_name, woman_name, children,
phase, risk_level, programme_start, intervention_start, workers. `reference` is the case's
reference in the organisation's old system: shown once after the import next to the new case
code, and stored nowhere. `children` is a number or names separated by "|". `workers` are the
e-mail addresses of active members of the organisation with a case role, the first is the
lead. Dates are YYYY-MM-DD (or date cells of a workbook).

Limits (asap.core.uploads): at most MAX_CSV_BYTES of CSV or MAX_WORKBOOK_BYTES of XLSX (its
zip checked before openpyxl reads it; openpyxl parses with defusedxml) and MAX_ROWS rows; a
message quotes at most a short excerpt of a cell.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from asap.accounts.enums import OrganisationKind
from asap.accounts.models import Membership, Organisation
from asap.cases.enums import Phase, RiskLevel
from asap.core.exporters import FORMULA_STARTS
from asap.core.roles import CASE_ROLES
from asap.core.uploads import (
    MAX_CSV_BYTES,
    MAX_CSV_ROWS,
    MAX_WORKBOOK_BYTES,
    UploadRefusedError,
    check_zip,
    excerpt,
    size_label,
)

COLUMNS = (
    "reference",
    "man_name",
    "woman_name",
    "children",
    "phase",
    "risk_level",
    "programme_start",
    "intervention_start",
    "workers",
)
REQUIRED = ("man_name", "phase", "workers")  # a programme's import; see `required_columns`
EXAMPLE = {
    "reference": "OLD-2024-017",
    "man_name": "Mario Rossi",
    "woman_name": "Anna-Maria Rossi",
    "children": "Luca Rossi | Sara Rossi",
    "phase": Phase.INTERVENTION.value,
    "risk_level": RiskLevel.INTERMEDIATE.value,
    "programme_start": "2025-01-13",
    "intervention_start": "2025-02-03",
    "workers": "lead.worker@example.org colleague@example.org",
}
MAX_ROWS = MAX_CSV_ROWS
MAX_LENGTH = 200
MAX_CHILDREN = 20
_SEPARATORS = re.compile(r"[\s,;|]+")


@dataclass
class CaseRow:
    """One case to open, checked."""

    row: int
    reference: str
    perpetrator_name: str
    victim_name: str
    children: list[str]
    phase: str
    risk_level: str
    programme_start: datetime.date | None
    intervention_start: datetime.date | None
    workers: list[Any]  # users; the first is the lead


@dataclass
class Caseload:
    cases: list[CaseRow] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, reason)


class _RowError(Exception):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.reason = column, reason


def required_columns(organisation: Organisation) -> tuple[str, ...]:
    """The columns every row fills: the name the importing side needs, as when a worker opens
    a case (`asap.cases.forms_joining.required_name`): the woman's on a support service's
    import, the man's on a programme's; the other name may stay empty."""
    if organisation.kind == OrganisationKind.VICTIM_SUPPORT_SERVICE:
        return ("woman_name", "phase", "workers")
    return REQUIRED


def read(content: bytes, file_name: str, organisation: Organisation) -> Caseload:
    """Check every row of the uploaded file; row numbers count the header as row 1."""
    result = Caseload()
    required = required_columns(organisation)
    try:
        rows = _xlsx_rows(content) if file_name.lower().endswith(".xlsx") else _csv_rows(content)
        header = [str(h or "").strip().lower() for h in next(rows, [])]
        missing = [c for c in required if c not in header]
        if missing:
            result.errors.append((1, ", ".join(missing), _("This column is missing.")))
            return result
        workers = _workers(organisation)
        for number, values in enumerate(rows, start=2):
            cells = {h: values[i] if i < len(values) else None for i, h in enumerate(header)}
            if number - 1 > 2 * MAX_ROWS:
                break  # a sheet of empty (formatted) rows is not read to its end
            if all(_text(v) == "" for v in cells.values()):
                continue  # an empty line
            if number - 1 > MAX_ROWS:
                result.errors.append((number, "", _("More than %d rows.") % MAX_ROWS))
                break
            try:
                result.cases.append(_case(number, cells, workers, required))
            except _RowError as error:
                result.errors.append((number, error.column, error.reason))
    except UploadRefusedError as refused:
        result.errors.append((0, "", str(refused)))
    except csv.Error:  # a quote left open, a cell over the csv module's own limit, …
        reason = _("This file cannot be read as CSV: check its quotes and separators.")
        result.errors.append((0, "", reason))
    if not result.cases and not result.errors:
        result.errors.append((1, "", _("The file holds no case.")))
    return result


def _csv_rows(content: bytes) -> Iterator[list[Any]]:
    if len(content) > MAX_CSV_BYTES:
        limit = size_label(MAX_CSV_BYTES)
        raise UploadRefusedError(_("The file is larger than %(limit)s.") % {"limit": limit})
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadRefusedError(_("The file is not UTF-8 text.")) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return iter(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_rows(content: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    if len(content) > MAX_WORKBOOK_BYTES:
        limit = size_label(MAX_WORKBOOK_BYTES)
        raise UploadRefusedError(_("The file is larger than %(limit)s.") % {"limit": limit})
    check_zip(content)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        sheet = book.worksheets[0]
    except Exception:  # openpyxl raises many kinds on a damaged workbook
        raise UploadRefusedError(_("The file is not an .xlsx workbook.")) from None
    return _guarded(sheet.iter_rows(values_only=True))


def _guarded(rows: Iterable[Any]) -> Iterator[list[Any]]:
    """The workbook's rows; a sheet damaged further in is refused like a damaged workbook."""
    try:
        for row in rows:
            yield list(row)
    except Exception:  # openpyxl (and its XML parser) raise many kinds
        raise UploadRefusedError(_("The file is not an .xlsx workbook.")) from None


def _workers(organisation: Organisation) -> dict[str, Any]:
    """The organisation's active members with a case role, by e-mail (one query)."""
    memberships = Membership.objects.filter(
        organisation=organisation, role__in=CASE_ROLES, is_active=True, user__is_active=True
    ).select_related("user")
    return {m.user.email.casefold(): m.user for m in memberships}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _case(
    number: int, cells: dict[str, Any], workers: dict[str, Any], required: tuple[str, ...]
) -> CaseRow:
    for column in COLUMNS:
        value = cells.get(column)
        if isinstance(value, str) and value.strip().startswith(FORMULA_STARTS):
            raise _RowError(column, _("The cell starts with a formula character."))
        if len(_text(value)) > MAX_LENGTH:
            raise _RowError(column, _("Longer than %d characters.") % MAX_LENGTH)
    for column in required:
        if not _text(cells.get(column)):
            raise _RowError(column, _("This cell is empty."))
    programme_start = _date(cells, "programme_start")
    intervention_start = _date(cells, "intervention_start")
    if programme_start and intervention_start and intervention_start < programme_start:
        reason = _("The intervention cannot start before the programme.")
        raise _RowError("intervention_start", reason)
    return CaseRow(
        row=number,
        reference=_text(cells.get("reference")),
        perpetrator_name=_text(cells.get("man_name")),
        victim_name=_text(cells.get("woman_name")),
        children=_children(_text(cells.get("children"))),
        phase=_choice(Phase, cells, "phase"),
        risk_level=_choice(RiskLevel, cells, "risk_level"),
        programme_start=programme_start,
        intervention_start=intervention_start,
        workers=_listed_workers(_text(cells.get("workers")), workers),
    )


def _date(cells: dict[str, Any], column: str) -> datetime.date | None:
    value = cells.get(column)
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return datetime.date.fromisoformat(text)
    except ValueError:
        reason = _("%(value)s is not a date written YYYY-MM-DD.") % {"value": excerpt(text)}
        raise _RowError(column, reason) from None


def _choice(choices: Any, cells: dict[str, Any], column: str) -> str:
    """The code of the cell: a code, or a label in English or in the active language."""
    wanted = _text(cells.get(column)).casefold()
    if not wanted and "" in choices.values:
        return ""
    known = {str(label).casefold(): code for code, label in choices.choices}
    with translation.override("en"):
        known.update({str(label).casefold(): code for code, label in choices.choices})
    known.update({str(code).casefold(): code for code in choices.values if code})
    if wanted not in known:
        allowed = ", ".join(code for code in choices.values if code)
        reason = _("%(value)s is not one of: %(allowed)s.") % {
            "value": excerpt(wanted),
            "allowed": allowed,
        }
        raise _RowError(column, reason)
    return known[wanted]


def _children(text: str) -> list[str]:
    """Names separated by "|", or a number of children whose names are not known yet."""
    if not text:
        return []
    if text.isdigit():
        if int(text) > MAX_CHILDREN:
            raise _RowError("children", _("At most %d children.") % MAX_CHILDREN)
        return [""] * int(text)
    names = [name.strip() for name in text.split("|") if name.strip()]
    if len(names) > MAX_CHILDREN:
        raise _RowError("children", _("At most %d children.") % MAX_CHILDREN)
    return names


def _listed_workers(text: str, workers: dict[str, Any]) -> list[Any]:
    found = []
    for address in _SEPARATORS.split(text):
        if not address:
            continue
        user = workers.get(address.casefold())
        if user is None:
            reason = _(
                "%(value)s is not an active member of your organisation with a case role."
            ) % {"value": excerpt(address)}
            raise _RowError("workers", reason)
        if user in found:
            raise _RowError(
                "workers", _("%(value)s is listed twice.") % {"value": excerpt(address)}
            )
        found.append(user)
    return found


def template_rows() -> Iterable[list[str]]:
    """The header and one example row of the template file."""
    yield list(COLUMNS)
    yield [str(EXAMPLE[c]) for c in COLUMNS]
