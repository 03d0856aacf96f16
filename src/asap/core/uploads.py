"""Limits on what a user uploads, and the short excerpt an error message may echo of it.

Every upload path checks the size before parsing anything: a YAML instrument definition, an
XLSForm workbook (its size, and the size and number of the files inside its zip before any is
read), a CSV of participants (bytes and rows). An error message names a limit, never the
input at length: what it quotes of the input is `excerpt(value)`, at most EXCERPT characters.
"""

import zipfile
from io import BytesIO

from django.utils.translation import gettext as _

KIB, MIB = 1024, 1024 * 1024
EXCERPT = 80  # characters of the input an error message may quote

MAX_DEFINITION_BYTES = 256 * KIB  # a YAML definition (uploaded, or compiled from an XLSForm)
MAX_WORKBOOK_BYTES = 2 * MIB  # an XLSForm workbook as uploaded (compressed)
MAX_WORKBOOK_UNCOMPRESSED = 20 * MIB  # the sum of the sizes of the files inside it
MAX_WORKBOOK_ENTRIES = 200  # files inside it (an ordinary XLSForm has fewer than 20)
MAX_CSV_BYTES = 512 * KIB  # a CSV import
MAX_CSV_ROWS = 500  # data rows of a CSV import (the header is not counted)


_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


class UploadRefusedError(ValueError):
    """An upload over a limit, or not what it claims to be; the message names the limit."""


def excerpt(value: object, limit: int = EXCERPT) -> str:
    """`value` as text on one line, cut to `limit` characters with an ellipsis."""
    text = value if isinstance(value, str) else _safe_str(value)
    text = " ".join(text.split())  # control characters and new lines become single spaces
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(value: object, limit: int = EXCERPT) -> str:
    """`value` as Python shows it ('text' in quotes), cut like `excerpt`."""
    return excerpt(_safe_str(value), limit)


def _safe_str(value: object) -> str:
    try:
        return str(value) if isinstance(value, int | float) else repr(value)
    except ValueError:  # an int with more digits than Python converts
        return "…"


def size_label(size: int) -> str:
    """A limit as people read it: 256 KiB, 20 MiB."""
    if size >= MIB and size % MIB == 0:
        return f"{size // MIB} MiB"
    if size >= KIB and size % KIB == 0:
        return f"{size // KIB} KiB"
    return f"{size} bytes"


def check_zip(
    content: bytes,
    *,
    max_uncompressed: int = MAX_WORKBOOK_UNCOMPRESSED,
    max_entries: int = MAX_WORKBOOK_ENTRIES,
) -> None:
    """Refuse a zip (an .xlsx workbook) whose entries are too many, or whose uncompressed
    size is over the limit, reading only its central directory (nothing is decompressed).

    zipfile never yields more than an entry's declared `file_size`, so the declared sizes bound
    what a reader built on it (openpyxl) can decompress."""
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise UploadRefusedError(_("The file is not an .xlsx workbook.")) from None
    if any(entry.compress_type not in _COMPRESSIONS for entry in entries):
        # Excel writes deflate (or stored); bzip2 and lzma decompress in unbounded chunks.
        raise UploadRefusedError(_("The file is not an .xlsx workbook."))
    if len(entries) > max_entries:
        raise UploadRefusedError(
            _("The workbook holds more than %(limit)d files.") % {"limit": max_entries}
        )
    if sum(entry.file_size for entry in entries) > max_uncompressed:
        raise UploadRefusedError(
            _("The workbook is larger than %(limit)s once uncompressed.")
            % {"limit": size_label(max_uncompressed)}
        )
