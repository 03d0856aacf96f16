"""The programme's pages: the perpetrator side's register and forms, the others' figures."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from asap.accounts.enums import OrganisationKind, Role
from asap.cases import services as cases
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from asap.programme import queries, services
from asap.programme.models import ProgrammeSession
from tests.conftest import force_login_past_mfa
from tests.factories import OrganisationFactory, persona
from tests.programme.conftest import NOTE, REASON

pytestmark = pytest.mark.django_db


def url(team, tail: str = "") -> str:
    return f"/cases/{team.case.pk}/programme/{tail}"


def plant(team) -> ProgrammeSession:
    services.record_status(
        actor=team.pp,
        access=team.access("pp"),
        status="attending_group",
        date=datetime.date(2026, 2, 2),
        reason=REASON,
    )
    return services.record_session(
        actor=team.pp,
        access=team.access("pp"),
        date=datetime.date(2026, 2, 3),
        kind="group",
        attendance="absent_no_notice",
        note=NOTE,
    )


def body(team, who: str, path: str) -> str:
    response = team.client(who).get(path)
    assert response.status_code == 200, path
    return html.unescape(response.content.decode())


def test_the_perpetrator_side_reads_its_reasons_notes_and_forms(team):
    plant(team)
    page = body(team, "pp", url(team))
    assert REASON in page
    assert NOTE in page
    assert "Record his programme status" in page
    assert "Absent without notice" in page


@pytest.mark.parametrize("who", ["vss", "partner", "police"])
def test_the_other_sides_read_the_status_and_figures_never_the_reasons_or_notes(team, who):
    plant(team)
    if who == "police":
        cases.record_waiver(
            actor=team.pp, access=team.access("pp"), given_on=datetime.date(2026, 1, 5)
        )
    pages = "".join(
        body(team, who, path)
        for path in [url(team), f"/cases/{team.case.pk}/", f"/cases/{team.case.pk}/timeline/"]
    )
    assert "Attending in a group" in pages
    assert "Absent without notice" in pages
    assert REASON not in pages
    assert NOTE not in pages
    assert "Record his programme status" not in pages
    assert url(team, "sessions/") not in pages


@pytest.mark.parametrize("who", ["vss", "partner", "police"])
def test_the_other_sides_cannot_post_a_status_or_a_session(team, who):
    session = plant(team)
    client = team.client(who)
    posts = {
        url(team, "status/"): {"status": "dropped_out", "date": "2026-02-04"},
        url(team, "sessions/add/"): {
            "date": "2026-02-04",
            "kind": "group",
            "attendance": "present",
        },
        url(team, f"sessions/{session.pk}/edit/"): {
            "date": "2026-02-03",
            "kind": "group",
            "attendance": "present",
            "version": "1",
        },
    }
    for path, data in posts.items():
        assert client.post(path, data).status_code == 403, path
    assert [s.attendance for s in queries.sessions_for(team.access("pp"))] == ["absent_no_notice"]
    assert [c.status for c in queries.status_history(team.access("pp"))] == ["attending_group"]


def test_the_perpetrator_side_records_through_the_forms(team):
    client = team.client("lead")
    response = client.post(
        url(team, "status/"), {"status": "assessment", "date": "2026-02-01", "reason": REASON}
    )
    assert response.status_code == 302
    response = client.post(
        url(team, "sessions/add/"),
        {"date": "2026-02-03", "kind": "individual", "attendance": "late", "note": NOTE},
    )
    assert response.status_code == 302
    assert [(c.status, c.reason) for c in queries.status_history(team.access("pp"))] == [
        ("assessment", REASON)
    ]
    assert [(s.kind, s.note) for s in queries.sessions_for(team.access("pp"))] == [
        ("individual", NOTE)
    ]


def test_a_date_in_the_future_is_refused_and_the_input_kept(team):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = team.client("pp").post(
        url(team, "status/"),
        {"status": "dropped_out", "date": tomorrow.isoformat(), "reason": "TYPED-REASON-1f"},
    )
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "the date cannot be in the future" in page
    assert "TYPED-REASON-1f" in page
    assert queries.status_history(team.access("pp")) == []


def test_a_stale_correction_is_refused_with_the_input_kept(team):
    session = plant(team)
    services.update_session(
        actor=team.pp,
        access=team.access("pp"),
        session=session,
        expected_version=1,
        attendance="present",
    )
    response = team.client("pp").post(
        url(team, f"sessions/{session.pk}/edit/"),
        {
            "date": "2026-02-03",
            "kind": "group",
            "attendance": "late",
            "note": "TYPED-NOTE-9c",
            "version": "1",
        },
    )
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "Someone else changed this record" in page
    assert "TYPED-NOTE-9c" in page
    assert [s.attendance for s in queries.sessions_for(team.access("pp"))] == ["present"]


def test_reading_the_page_leaves_an_audit_row_naming_no_values(team):
    plant(team)
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    body(team, "vss", url(team))
    row = AuditEvent.objects.filter(action="programme.read").get()
    assert (row.actor_id, row.case_id) == (team.vss.pk, team.case.pk)
    assert row.fields == ["attendance_figures", "date", "status"]
    # One row for the page: the programme's, not also the door's `case.read`.
    during = AuditEvent.objects.filter(seq__gt=before, case_id=team.case.pk)
    assert list(during.values_list("action", flat=True)) == ["programme.read"]


def seed_sessions(team, count: int) -> None:
    for number in range(count):
        services.record_session(
            actor=team.pp,
            access=team.access("pp"),
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=number),
            kind="group",
            attendance="present" if number % 3 else "late",
            note=f"note {number}",
        )
    services.record_status(
        actor=team.pp,
        access=team.access("pp"),
        status="attending_group",
        date=datetime.date(2025, 1, 1),
        reason="reason",
    )


@pytest.mark.parametrize("who", ["pp", "vss"])
def test_the_programme_page_and_the_case_page_take_the_same_queries_for_2_or_30_sessions(team, who):
    client = team.client(who)
    counts = []
    for total in (2, 30):
        with named_scope("test"):
            ProgrammeSession.objects.filter(case=team.case).delete()
        seed_sessions(team, total)
        for path in (url(team), f"/cases/{team.case.pk}/"):
            client.get(path)  # warm the keys' cache the same way for both sizes
            with CaptureQueriesContext(connection) as captured:
                assert client.get(path).status_code == 200
            counts.append(len(captured))
    assert counts[:2] == counts[2:]


def test_a_programmes_administrator_and_coordinator_set_its_threshold(team):
    for role in (Role.ADMINISTRATOR, Role.COORDINATOR):
        person = persona(role, team.pp_org)
        client = team.client("pp")
        force_login_past_mfa(client, person)
        assert client.get("/programme/threshold/").status_code == 200
        response = client.post(
            "/programme/threshold/",
            {"organisation": team.pp_org.pk, "absence_alert_threshold": "4"},
        )
        assert response.status_code == 302
        team.pp_org.refresh_from_db()
        assert team.pp_org.absence_alert_threshold == 4
        row = AuditEvent.objects.filter(action="organisation.update").latest("seq")
        assert (row.actor_id, row.fields) == (person.pk, ["absence_alert_threshold"])
        team.pp_org.absence_alert_threshold = 2
        team.pp_org.save(update_fields=["absence_alert_threshold"])


def test_nobody_else_sets_a_programmes_threshold(team):
    vss_admin = persona(
        Role.ADMINISTRATOR, OrganisationFactory(kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
    )
    client = team.client("pp")
    force_login_past_mfa(client, vss_admin)
    page = html.unescape(client.get("/programme/threshold/").content.decode())
    assert "you administer or coordinate none" in page
    response = client.post(
        "/programme/threshold/", {"organisation": team.pp_org.pk, "absence_alert_threshold": "1"}
    )
    assert response.status_code == 400
    for who in ("pp", "partner"):
        response = team.client(who).post(
            "/programme/threshold/",
            {"organisation": team.pp_org.pk, "absence_alert_threshold": "1"},
        )
        assert response.status_code == 403
    team.pp_org.refresh_from_db()
    assert team.pp_org.absence_alert_threshold == 2
    assert not AuditEvent.objects.filter(action="organisation.update").exists()
