"""The data-protection officer's audit trail page and its CSV export."""

import csv
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from asap.core import audit
from asap.core.models import AuditEvent
from tests.conftest import force_login_past_mfa


def _events(organisation, n, action="case.read"):
    for number in range(n):
        audit.record(
            actor=None,
            action=action,
            organisation_id=organisation.pk,
            object_type="cases.jointcase",
            object_id=number,
            fields=["phase"],
        )


@pytest.mark.django_db
def test_the_dpo_sees_own_organisation_events_only(signed_in_client, dpo, vss, pp):
    _events(vss, 2, "own.event")
    _events(pp, 2, "other.agency.event")
    response = signed_in_client(dpo).get("/audit/")
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count("own.event") == 2
    assert "other.agency.event" not in text


@pytest.mark.django_db
def test_the_trail_filters_by_action(signed_in_client, dpo, vss):
    _events(vss, 1, "membership.grant")
    _events(vss, 1, "case.read")
    text = signed_in_client(dpo).get("/audit/", {"action": "membership"}).content.decode()
    assert "membership.grant" in text
    assert "case.read" not in text


@pytest.mark.django_db
def test_a_bad_filter_says_what_is_wrong_and_keeps_the_input(signed_in_client, dpo):
    response = signed_in_client(dpo).get(
        "/audit/", {"since": "2026-05-02", "until": "2026-05-01", "actor": "kept@example.org"}
    )
    text = response.content.decode()
    assert "The end date must not be before the start date." in text
    assert 'value="kept@example.org"' in text


@pytest.mark.django_db
def test_the_page_runs_the_same_number_of_queries_with_1_and_3_events(signed_in_client, dpo, vss):
    client = signed_in_client(dpo)
    counts = []
    for n in (1, 2):
        _events(vss, n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/audit/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_the_csv_export_is_audited_and_escapes_formulas(signed_in_client, dpo, vss):
    audit.record(actor=None, action="=HYPERLINK(1)", organisation_id=vss.pk)
    response = signed_in_client(dpo).get("/audit/export/")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:5] == ["#", "Time", "Actor", "Organisation", "Action"]
    assert "'=HYPERLINK(1)" in [row[4] for row in rows]
    assert AuditEvent.objects.filter(action="audit.export", actor=dpo).count() == 1


@pytest.mark.django_db
def test_the_csv_export_needs_re_authentication(client, dpo, vss):
    force_login_past_mfa(client, dpo)
    response = client.get("/audit/export/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")


@pytest.mark.django_db
def test_the_csv_export_in_greek_opens_in_excel_with_greek_headers(signed_in_client, dpo, vss):
    audit.record(actor=None, action="=HYPERLINK(1)", organisation_id=vss.pk, fields=["phase"])
    client = signed_in_client(dpo)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "el"
    body = b"".join(client.get("/audit/export/").streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["#", "Ημερομηνία και ώρα", "Χρήστης", "Φορέας", "Ενέργεια"]
    with translation.override("el"):
        assert rows[0][5:] == [
            gettext(h) for h in ["Object type", "Object ID", "Case", "Fields", "Request ID", "Hash"]
        ]
    assert {len(row) for row in rows} == {11}
    assert "'=HYPERLINK(1)" in [row[4] for row in rows]
