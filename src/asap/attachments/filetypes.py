"""What a file is, from its bytes alone (its name and the browser's Content-Type are ignored).

Accepted (docs/user-guide-parts/attachments.md):
- PDF (`%PDF-`), PNG (its 8-byte signature), JPEG (`FF D8 FF`);
- Office Open XML (DOCX, XLSX, PPTX): a zip holding `[Content_Types].xml` and the main part
  of its kind (`word/document.xml`, `xl/workbook.xml`, `ppt/presentation.xml`), without
  macros (no `vbaProject.bin` anywhere);
- OpenDocument text and spreadsheet (ODT, ODS): a zip whose `mimetype` entry names the kind;
- Word and Excel 97-2003 (DOC, XLS): the OLE compound-file signature and a `WordDocument`
  or `Workbook` stream in its first directory sector. Other OLE files (installers, old
  PowerPoint, Outlook messages) are refused.

Only the zip's directory is read, and the few bytes of an OpenDocument `mimetype` entry: no
other entry is decompressed, so a zip bomb costs nothing.
"""

import zipfile
from io import BytesIO

from asap.attachments.enums import FileType

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_PARTS = {
    "word/document.xml": FileType.DOCX,
    "xl/workbook.xml": FileType.XLSX,
    "ppt/presentation.xml": FileType.PPTX,
}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": FileType.ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": FileType.ODS,
}
OLE_STREAMS = {"WordDocument": FileType.DOC, "Workbook": FileType.XLS}
OLE_ENTRY = 128  # bytes of one directory entry
MAX_MIMETYPE_BYTES = 100


def detect(content: bytes) -> FileType | None:
    """The accepted kind of file `content` is, or None."""
    if content.startswith(b"%PDF-"):
        return FileType.PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.PNG
    if content.startswith(b"\xff\xd8\xff"):
        return FileType.JPEG
    if content.startswith(b"PK\x03\x04"):
        return _zip_kind(content)
    if content.startswith(OLE_SIGNATURE):
        return _ole_kind(content)
    return None


def _zip_kind(content: bytes) -> FileType | None:
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            entries = {info.filename: info for info in archive.infolist()}
            if any(name.lower().endswith("vbaproject.bin") for name in entries):
                return None  # macros: never
            if "[Content_Types].xml" in entries:
                kinds = {OOXML_PARTS[n] for n in entries if n in OOXML_PARTS}
                return kinds.pop() if len(kinds) == 1 else None
            mimetype = entries.get("mimetype")
            if mimetype is None or mimetype.file_size > MAX_MIMETYPE_BYTES:
                return None
            return ODF_MIMETYPES.get(archive.read(mimetype).strip())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError):
        return None


def _ole_kind(content: bytes) -> FileType | None:
    """The kind named by the streams of the compound file's first directory sector (where
    Word and Excel write the root, `WordDocument` or `Workbook`, and their neighbours)."""
    names = set()
    shift = int.from_bytes(content[30:32], "little")
    if shift not in (9, 12):  # 512- or 4096-byte sectors: the only two the format knows
        return None
    try:
        sector_size = 1 << shift
        first = int.from_bytes(content[48:52], "little")
        start = (first + 1) * sector_size
        sector = content[start : start + sector_size]
        for offset in range(0, len(sector) - OLE_ENTRY + 1, OLE_ENTRY):
            entry = sector[offset : offset + OLE_ENTRY]
            length = int.from_bytes(entry[64:66], "little")
            if 2 <= length <= 64:
                names.add(entry[: length - 2].decode("utf-16-le", "replace"))
    except ValueError:
        return None
    kinds = {kind for name, kind in OLE_STREAMS.items() if name in names}
    return kinds.pop() if len(kinds) == 1 else None
