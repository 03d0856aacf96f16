"""Reading a PDF back in tests, as its own reader would (pypdf, a test dependency)."""

import io

from pypdf import PdfReader


def pdf_text(pdf: bytes, *, squeeze: bool = False) -> str:
    """The text of every page; with `squeeze`, without any whitespace (table cells wrap words
    across lines)."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return "".join(text.split()) if squeeze else text
