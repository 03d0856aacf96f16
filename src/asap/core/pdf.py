"""PDF from HTML templates with WeasyPrint. The URL fetcher serves our own static files and
nothing else: a PDF never fetches from the network, and a template cannot make it read an
arbitrary file.

Every PDF is tagged for screen readers (structure tree, language, title shown by the viewer)
and declares PDF/UA-1. WeasyPrint writes one variant per file, so the documents people archive
(signed agreements, certificates) are written as PDF/A-3b with the tags switched on, and the
PDF/UA-1 identification is added to the same XMP packet: one file that claims both."""

import xml.etree.ElementTree as ET  # nosec B405: only writes; parsing goes through defusedxml
from pathlib import Path
from typing import Any

from defusedxml.ElementTree import fromstring
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext


class PdfFetchRefused(Exception):  # noqa: N818  (the refusal WeasyPrint reports)
    """A PDF asked for something other than one of our static files."""


CONTENT_TYPES = {".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml"}


def _static_response(url: str) -> Any:
    from weasyprint.urls import URLFetcherResponse

    prefix = "file://" + str(settings.STATIC_URL)
    if not url.startswith(prefix):
        raise PdfFetchRefused(url)
    found = finders.find(url[len(prefix) :])
    if not found:
        raise PdfFetchRefused(url)
    path = Path(found)
    content_type = CONTENT_TYPES.get(path.suffix, "application/octet-stream")
    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def _fetcher(fetched: list[str] | None = None) -> Any:
    """WeasyPrint's fetcher, answering from our static files and refusing everything else;
    each URL asked for is appended to `fetched` when given."""
    from weasyprint.urls import URLFetcher

    class StaticOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if fetched is not None:
                fetched.append(url)
            return _static_response(url)

    return StaticOnly(fail_on_errors=False)


ACCESSIBLE = "pdf/ua-1"  # every PDF
ARCHIVED = "pdf/a-3b"  # signed agreements and certificates: archived, and still tagged as UA-1
VARIANTS = (ACCESSIBLE, ARCHIVED)
PDFUA_PART = "{http://www.aiim.org/pdfua/ns/id/}part"


def _also_pdfua(metadata: Any) -> None:
    """Make WeasyPrint's XMP packet of a PDF/A file also carry pdfuaid:part 1, on the same
    rdf:Description as pdfaid:part (one rdf:RDF, as XMP readers expect)."""
    generate = metadata.generate_rdf_metadata

    def with_pdfua(variant: str, version: int, conformance: Any) -> bytes:
        rdf = fromstring(generate(variant, version, conformance))
        rdf[0].set(PDFUA_PART, "1")
        return ET.tostring(rdf, encoding="utf-8")

    metadata.generate_rdf_metadata = with_pdfua


def _page_numbers() -> str:
    """ "page X of Y" at the bottom of every page, in the active language: WeasyPrint's
    counters inside a CSS string (a double quote in a translation would end it: dropped)."""
    label = gettext("page %(page)s of %(pages)s").replace('"', "") % {
        "page": '" counter(page) "',
        "pages": '" counter(pages) "',
    }
    return '@page { @bottom-right { content: "' + label + '"; } }'


def render_html(template: str, context: dict[str, Any], request: Any = None) -> str:
    """The page `render_pdf` lays out: everything a PDF shows is in it (see
    `asap.core.rendered`, which keeps a PDF as long as this page and the styles stay the same)."""
    return render_to_string(template, context, request=request)


def stylesheets() -> list[str]:
    """The style sheets every PDF is laid out with: print.css and the translated page numbers."""
    return [render_to_string("print.css"), _page_numbers()]


def pdf_from_html(
    html: str,
    *,
    variant: str = ACCESSIBLE,
    styles: list[str] | None = None,
    fetched: list[str] | None = None,
) -> bytes:
    """`html` (from `render_html`) laid out as PDF bytes, tagged PDF/UA-1; with
    `variant=ARCHIVED`, PDF/A-3b as well. The URLs the layout fetched (our static files) are
    appended to `fetched` when given."""
    from weasyprint import CSS, HTML

    if variant not in VARIANTS:
        raise ValueError(variant)
    sheets = [CSS(string=text) for text in (styles if styles is not None else stylesheets())]
    document = HTML(string=html, base_url="file://", url_fetcher=_fetcher(fetched)).render(
        stylesheets=sheets
    )
    if variant == ARCHIVED:
        _also_pdfua(document.metadata)
    return document.write_pdf(pdf_variant=variant, pdf_tags=True)


def render_pdf(
    template: str, context: dict[str, Any], request: Any = None, *, variant: str = ACCESSIBLE
) -> bytes:
    """Render `template` (a page built for print, extending print_base.html) to PDF bytes,
    tagged PDF/UA-1; with `variant=ARCHIVED`, PDF/A-3b as well."""
    if variant not in VARIANTS:
        raise ValueError(variant)
    return pdf_from_html(render_html(template, context, request), variant=variant)


def pdf_response(filename: str, pdf: bytes) -> HttpResponse:
    """A PDF download that no cache keeps."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
