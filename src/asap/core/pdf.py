"""PDF from HTML templates with WeasyPrint. The URL fetcher serves our own static files and
nothing else: a PDF never fetches from the network, and a template cannot make it read an
arbitrary file."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string


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


def _fetcher() -> Any:
    """WeasyPrint's fetcher, answering from our static files and refusing everything else."""
    from weasyprint.urls import URLFetcher

    class StaticOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            return _static_response(url)

    return StaticOnly(fail_on_errors=False)


def render_pdf(template: str, context: dict[str, Any], request: Any = None) -> bytes:
    """Render `template` (a page built for print) to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url="file://", url_fetcher=_fetcher()).write_pdf()


def pdf_response(filename: str, pdf: bytes) -> HttpResponse:
    """A PDF download that no cache keeps."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
