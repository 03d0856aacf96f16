"""PDFs read our static files and nothing else."""

import pytest

from asap.core import pdf


def render(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url="file://", url_fetcher=pdf._fetcher()).write_pdf()


def test_a_pdf_uses_our_stylesheet():
    html = '<link rel="stylesheet" href="/static/asap/asap.css"><h1>Minutes</h1>'
    assert render(html).startswith(b"%PDF-")


@pytest.mark.parametrize("url", ["http://example.org/x.png", "file:///etc/passwd"])
def test_a_pdf_never_fetches_anything_else(url):
    with pytest.raises(pdf.PdfFetchRefused):
        pdf._static_response(url)
