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


def _static_only(url: str) -> dict[str, Any]:
    prefix = "file://" + str(settings.STATIC_URL)
    if not url.startswith(prefix):
        raise PdfFetchRefused(url)
    found = finders.find(url[len(prefix) :])
    if not found:
        raise PdfFetchRefused(url)
    return {"file_obj": Path(found).open("rb"), "mime_type": None}


def render_pdf(template: str, context: dict[str, Any], request: Any = None) -> bytes:
    """Render `template` (a page built for print) to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url="file://", url_fetcher=_static_only).write_pdf()


def pdf_response(filename: str, pdf: bytes) -> HttpResponse:
    """A PDF download that no cache keeps."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
