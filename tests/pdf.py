"""Reading a PDF back in tests, as its own reader would (pypdf, a test dependency); and as a
filed document (issue 18): pdftotext (poppler-utils) for the pages as laid out and the words'
boxes, pikepdf for the tag tree and the XMP identification."""

import io
import re
import subprocess  # nosec B404: runs pdftotext on a file of our own
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import translation
from pypdf import PdfReader


def pdf_text(pdf: bytes, *, squeeze: bool = False) -> str:
    """The text of every page; with `squeeze`, without any whitespace (table cells wrap words
    across lines)."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return "".join(text.split()) if squeeze else text


LANGUAGES = ("en", "it", "bg", "el")
A4_WIDTH = 595.28  # points
SIDE_MARGIN = 18 * 72 / 25.4  # print.css: 18 mm left and right
# pdftotext -layout writes one column per character at its estimate of the text's advance;
# our smallest type is 8 pt (headers, footers) whose DejaVu Sans advance is about 0.55 em
# (4.4 pt), so the A4 text width (174 mm, 493 pt) holds at most 493 / 4.4 = 112 columns.
# A line longer than that has run past the margin, or has been laid out as if it had.
MAX_LAYOUT_COLUMNS = 112
# print.css: 24 mm top and 20 mm bottom margins, where the running header (case code, title)
# and the page number are set. pdftotext lays a right-aligned 8 pt title out at the columns
# of the 10 pt body beneath it, so a long title reads as a line wider than the page although
# it ends at the margin: the page's body is laid out on its own, and the margin boxes are
# held by the words' boxes (`word_boxes`).
A4_HEIGHT = 841.89  # points
TOP_MARGIN, BOTTOM_MARGIN = 24 * 72 / 25.4, 20 * 72 / 25.4


def in_language(client, language: str):
    """`client`, reading the platform in `language` (the language cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _pdftotext(pdf: bytes, *options: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        done = subprocess.run(  # nosec B603: fixed arguments, our own file
            ["pdftotext", *options, str(path), "-"],
            capture_output=True,
            check=True,
        )
    return done.stdout.decode()


def layout_pages(pdf: bytes) -> list[str]:
    """Each page's text as `pdftotext -layout` lays it out."""
    pages = _pdftotext(pdf, "-layout").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def body_pages(pdf: bytes) -> list[str]:
    """Each page's text between the top and bottom margins, as `pdftotext -layout` lays it
    out (72 dpi: one pixel a point)."""
    area = ["-x", "0", "-y", f"{TOP_MARGIN:.0f}", "-W", f"{A4_WIDTH + 1:.0f}"]
    area += ["-H", f"{A4_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN:.0f}"]
    pages = _pdftotext(pdf, "-layout", *area).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</word>')


def word_boxes(pdf: bytes) -> list[tuple[float, float, float, str]]:
    """(page width, left x, right x, word) of every word, from `pdftotext -bbox`."""
    html = _pdftotext(pdf, "-bbox")
    words = []
    for page in re.finditer(r'<page width="([\d.]+)".*?</page>', html, re.S):
        width = float(page[1])
        for word in WORD.finditer(page[0]):
            words.append((width, float(word[1]), float(word[2]), word[3]))
    return words


def page_number_text(number: int, count: int, language: str) -> str:
    """ "page X of Y" as print_base.html writes it in `language`."""
    with translation.override(language):
        phrase = translation.gettext("page %(page)s of %(pages)s")
    return phrase % {"page": number, "pages": count}


def assert_tagged(pdf: bytes, language: str, *, archived: bool = False) -> None:
    """The tag tree and identification a screen reader and an archive look for: marked
    content, a structure tree with headings, the document's language, its title shown,
    pdfuaid:part 1, and with `archived` pdfaid:part 3 conformance B."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root
        assert bool(root.MarkInfo.Marked) is True
        tree = root.StructTreeRoot
        assert "/K" in tree
        assert str(root.Lang).split("-")[0] == language
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        assert str(document.docinfo.get("/Title", "")).strip()
        roles = _roles(tree.K)
        assert "/H1" in roles or "/H2" in roles, roles
        assert "/Table" not in roles or "/TH" in roles, roles
        with document.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
            if archived:
                assert (xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance")) == ("3", "B")
            else:
                assert xmp.get("pdfaid:part") is None


def _roles(node, found=None, depth=0) -> set[str]:
    import pikepdf

    found = set() if found is None else found
    if depth > 40:
        return found
    if isinstance(node, pikepdf.Array):
        for child in node:
            _roles(child, found, depth + 1)
    elif isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            found.add(str(node.S))
        if "/K" in node:
            _roles(node.K, found, depth + 1)
    return found


def assert_filed_document(
    pdf: bytes, language: str, *, case_code: str | None = None, archived: bool = False
) -> list[str]:
    """A PDF as a professional files it: tagged (`assert_tagged`); every page numbered
    "page X of Y" in `language` and, for a case document, carrying the case code; no word past
    the side margins; no `pdftotext -layout` line of the page's body longer than the page
    holds. Returns the pages' text."""
    assert_tagged(pdf, language, archived=archived)
    pages = layout_pages(pdf)
    assert pages
    for number, text in enumerate(pages, start=1):
        folded = " ".join(text.split())
        assert page_number_text(number, len(pages), language) in folded, (number, folded[-200:])
        if case_code:
            assert case_code in folded, (number, folded[:200])
    body = body_pages(pdf)
    assert len(body) == len(pages)
    for number, text in enumerate(body, start=1):
        longest = max(text.splitlines(), key=len, default="")
        assert len(longest) <= MAX_LAYOUT_COLUMNS, (number, longest)
    for width, left, right, word in word_boxes(pdf):
        assert abs(width - A4_WIDTH) < 1, width
        assert left >= SIDE_MARGIN - 1, (word, left)
        assert right <= width - SIDE_MARGIN + 1, (word, right)
    return pages


def squeezed(text: str) -> str:
    return "".join(text.split())


def english_left(text: str, language: str, strings) -> list[str]:
    """The English source strings (msgid, or (context, msgid)) printed in `text` although
    `language` is not English: each as whole words, across any whitespace (cells wrap), so
    that "Total" is not found in the Italian "Totale"."""
    assert language != "en"
    left = []
    for string in strings:
        context, msgid = string if isinstance(string, tuple) else (None, string)
        words = r"\s*".join(re.escape(word) for word in msgid.split())
        if re.search(rf"(?<!\w){words}(?!\w)", text):
            left.append(f"{context}|{msgid}" if context else msgid)
    return left
