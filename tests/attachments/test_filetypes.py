"""The kind of a file comes from its bytes, never from its name."""

import pytest

from asap.attachments.enums import FileType
from asap.attachments.filetypes import detect
from tests.attachments import files


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (files.PDF, FileType.PDF),
        (files.png("x"), FileType.PNG),
        (files.JPEG, FileType.JPEG),
        (files.docx(), FileType.DOCX),
        (files.xlsx(), FileType.XLSX),
        (files.pptx(), FileType.PPTX),
        (files.odf("text"), FileType.ODT),
        (files.odf("spreadsheet"), FileType.ODS),
        (files.ole("WordDocument"), FileType.DOC),
        (files.ole("Workbook"), FileType.XLS),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_accepted_kinds_are_recognised(content, expected):
    assert detect(content) == expected


@pytest.mark.parametrize(
    "content",
    [
        files.HTML,
        files.EXE,
        b"",
        b"plain text that says %PDF- later on",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        files.docm(),  # macros
        files.zipped({"readme.txt": b"a plain zip"}),
        files.zipped({"[Content_Types].xml": b"<Types/>"}),  # no main part
        files.zipped(  # two main parts: not one thing
            {"[Content_Types].xml": b"", "word/document.xml": b"", "xl/workbook.xml": b""}
        ),
        files.zipped({"mimetype": b"application/vnd.oasis.opendocument.presentation"}),
        files.zipped({"mimetype": b"x" * 500}),
        files.ole("PowerPoint Document"),  # an OLE file of another kind (or an installer)
        files.ole("\x05SummaryInformation"),
        b"PK\x03\x04 not really a zip",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 truncated",
    ],
)
def test_other_content_is_refused(content):
    assert detect(content) is None


def test_a_word_document_whose_text_says_workbook_is_still_a_word_document():
    """Only the directory's stream names count, not text elsewhere in the file."""
    content = files.ole("WordDocument") + "Workbook".encode("utf-16-le") * 10
    assert detect(content) == FileType.DOC
