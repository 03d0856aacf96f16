"""A sent progress report's PDF is laid out once and kept (asap.core.rendered): the second
download is the same bytes, still read through the door and audited."""

import pytest

from asap.core.models import AuditEvent, RenderedDocument
from tests.justice.test_reports import draft, register, report_url, send  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_sent_reports_pdf_is_laid_out_once(
    team,
    register,  # noqa: F811  (the fixture, imported)
    signed_in_client,
    renders,
):
    report = draft(team)
    client = signed_in_client(team.pp)
    page = client.get(report_url(team, report)).content.decode()
    assert send(client, team, report, page).status_code == 302
    before = AuditEvent.objects.filter(action="progress_report_export.read").count()
    first = client.get(report_url(team, report, "pdf")).content
    second = client.get(report_url(team, report, "pdf")).content
    assert first.startswith(b"%PDF")
    assert second == first
    assert len(renders) == 1
    assert AuditEvent.objects.filter(action="progress_report_export.read").count() == before + 2
    assert RenderedDocument.objects.get().kind == "progress_report"
