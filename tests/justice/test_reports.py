"""The progress and attendance report for the court or the probation service: built from his
programme register for a period, reviewed, then marked as sent (who, when, to whom); the
perpetrator side's only; nothing of the victim side's in it."""

import datetime
import re

import pytest

from asap.cases import services as cases
from asap.cases.enums import Compartment, EntryKind
from asap.cases.models import TimelineEntry
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from asap.justice import services
from asap.justice.models import CourtCondition, ProgressReport
from asap.programme import services as programme
from tests.justice.conftest import AUTHORITY, CONDITIONS, record
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

HER_NOTE = "CANARYHERNOTEe85a"
HER_CONDITION = "CANARYHERCONDITIONf96b"
HIS_REASON = "PROGRAMME-REASON-1d2e"
HIS_NOTE = "PROGRAMME-NOTE-3f4a"


@pytest.fixture
def register(team):
    """His programme: intake, then group attendance; five sessions, two in February."""
    pp = team.access("pp")
    programme.record_status(
        actor=team.pp, access=pp, status="intake", date=datetime.date(2026, 1, 5)
    )
    programme.record_status(
        actor=team.pp,
        access=pp,
        status="attending_group",
        date=datetime.date(2026, 2, 2),
        reason=HIS_REASON,
    )
    for day, attendance in [
        (datetime.date(2026, 1, 12), "present"),
        (datetime.date(2026, 1, 19), "absent_notice"),
        (datetime.date(2026, 2, 2), "late"),
        (datetime.date(2026, 2, 9), "absent_no_notice"),
        (datetime.date(2026, 3, 2), "present"),
    ]:
        programme.record_session(
            actor=team.pp, access=pp, date=day, kind="group", attendance=attendance, note=HIS_NOTE
        )
    return pp


@pytest.fixture
def victim_canaries(team, her_protected_order):
    """Her name (planted when the case was opened), her protected order, her note, and a
    court condition the victim side filed joint."""
    vss = team.access("vss")
    cases.add_note(
        actor=team.vss, access=vss, title="Her account", body=HER_NOTE, compartment="victim"
    )
    record(team, "vss", CourtCondition, "joint", ordered_by=HER_CONDITION)
    return ["CANARYHERNAMEd74f", AUTHORITY, CONDITIONS, HER_NOTE, HER_CONDITION]


def draft(team, **values) -> ProgressReport:
    condition = record(team, "pp", CourtCondition, "joint", required_sessions=10)
    return services.draft_report(
        actor=team.pp,
        access=team.access("pp"),
        **{
            "period_from": datetime.date(2026, 2, 1),
            "period_to": datetime.date(2026, 2, 28),
            "report_to": "probation",
            "recipient": "Probation office (test)",
            "covering_note": "He engages in the group.",
            "condition": condition,
            **values,
        },
    )


def report_url(team, report, *rest) -> str:
    return "/".join([f"/cases/{team.case.pk}/justice/reports/{report.pk}", *rest]) + "/"


def test_the_review_shows_the_periods_figures_from_the_register(team, register, signed_in_client):
    report = draft(team)
    body = signed_in_client(team.pp).get(report_url(team, report)).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
    assert "Sessions held 2 4" in text  # two in February, four up to its end (one in March)
    assert "Attended (present or late) 1 2" in text
    assert "Absent without notice 1 1" in text
    assert "Sessions required by the court: 10; still to attend: 8." in text
    assert "Attending in a group" in text
    assert "Intake" in text
    assert "He engages in the group." in text
    # The programme's notes and reasons stay out of what goes to the court.
    assert [v for v in (HIS_NOTE, HIS_REASON) if v in body] == []


def test_the_pdf_carries_nothing_of_the_victim_side(
    team, register, victim_canaries, signed_in_client
):
    report = draft(team)
    client = signed_in_client(team.pp)
    # The form offers the programme's own conditions only.
    form = client.get(f"/cases/{team.case.pk}/justice/reports/add/").content.decode()
    assert HER_CONDITION not in form
    response = client.get(report_url(team, report, "pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = pdf_text(response.content)
    assert "Marco Bianchi (test)" in text  # the positive control: it is his report
    assert "DRAFT" in text
    assert [c for c in victim_canaries if c in text] == []
    assert [v for v in (HIS_NOTE, HIS_REASON) if v in text] == []
    preview = client.get(report_url(team, report)).content.decode()
    assert [c for c in victim_canaries if c in preview] == []


@pytest.mark.parametrize("who", ["vss", "partner_contact", "police"])
def test_only_the_perpetrator_side_reaches_the_reports(team, register, signed_in_client, who):
    report = draft(team)
    client = signed_in_client(getattr(team, who))
    for path in ["", "pdf", "edit"]:
        assert client.get(report_url(team, report, *filter(None, [path]))).status_code == 404
    assert client.get(f"/cases/{team.case.pk}/justice/reports/").status_code == 404
    assert "reports/" not in client.get(f"/cases/{team.case.pk}/justice/").content.decode()
    with pytest.raises(services.NotYourSideError):
        services.draft_report(
            actor=getattr(team, who),
            access=team.access(who),
            period_from=datetime.date(2026, 1, 1),
            period_to=datetime.date(2026, 1, 31),
            report_to="court",
        )


def send(client, team, report, page: str):
    digest = re.search(r'name="digest" value="(\w+)"', page).group(1)
    data = {"confirm": "on", "digest": digest, "version": str(report.version)}
    return client.post(report_url(team, report), data)


def test_marking_as_sent_records_who_when_and_to_whom_and_keeps_the_figures(
    team, register, signed_in_client
):
    report = draft(team)
    client = signed_in_client(team.pp)
    page = client.get(report_url(team, report)).content.decode()
    assert client.post(report_url(team, report), {}).status_code == 400  # not confirmed
    assert send(client, team, report, page).status_code == 302
    with named_scope("test"):
        sent = ProgressReport.objects.select_related("entry").get(pk=report.pk)
    assert (sent.status, sent.sent_by, sent.report_to) == ("sent", team.pp, "probation")
    assert sent.sent_at is not None
    assert (sent.entry.kind, sent.entry.compartment, sent.entry.recorded_side) == (
        EntryKind.PROCEEDING,
        Compartment.JOINT,
        "perpetrator",
    )
    assert "probation service" in sent.entry.title
    event = AuditEvent.objects.get(action="progress_report.send")
    assert {"sent_by", "sent_at", "report_to", "recipient"} <= set(event.fields)
    # The victim side learns that a report went, not what it said.
    timeline = signed_in_client(team.vss).get(f"/cases/{team.case.pk}/timeline/")
    assert "Progress report sent to the probation service" in timeline.content.decode()
    assert "He engages in the group." not in timeline.content.decode()
    # A session recorded later does not change what was sent; the report no longer changes.
    programme.record_session(
        actor=team.pp,
        access=team.access("pp"),
        date=datetime.date(2026, 2, 16),
        kind="group",
        attendance="present",
    )
    again = client.get(report_url(team, report)).content.decode()
    assert "Sessions held 2 4" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", again))
    assert 'name="digest"' not in again
    assert client.get(report_url(team, report, "edit")).status_code == 404
    assert send(client, team, report, page).status_code == 409


def test_a_register_changed_after_the_review_is_not_sent_unseen(team, register, signed_in_client):
    report = draft(team)
    client = signed_in_client(team.pp)
    page = client.get(report_url(team, report)).content.decode()
    programme.record_session(
        actor=team.pp,
        access=team.access("pp"),
        date=datetime.date(2026, 2, 16),
        kind="group",
        attendance="present",
    )
    refused = send(client, team, report, page)
    assert refused.status_code == 409
    assert "changed after you opened this report" in refused.content.decode()
    with named_scope("test"):
        assert ProgressReport.objects.get(pk=report.pk).status == "draft"
        # One court entry on the timeline: the condition's; none for a report sent.
        entries = TimelineEntry.objects.filter(case=team.case, kind=EntryKind.PROCEEDING)
        assert entries.count() == 1
    # Reviewed again, it goes.
    assert send(client, team, report, refused.content.decode()).status_code == 302


def test_drafting_through_the_form_proposes_the_period_after_the_last_report(
    team, register, signed_in_client
):
    client = signed_in_client(team.pp)
    first = client.get(f"/cases/{team.case.pk}/justice/reports/add/").content.decode()
    assert 'value="05/01/2026"' in first  # the programme's start, day first
    draft(team)
    form = client.get(f"/cases/{team.case.pk}/justice/reports/add/").content.decode()
    assert 'value="01/03/2026"' in form  # the day after February's report
    data = {"period_from": "2026-03-01", "period_to": "2026-02-01", "report_to": "court"}
    refused = client.post(f"/cases/{team.case.pk}/justice/reports/add/", data)
    assert refused.status_code == 400
    data["period_to"] = "2026-03-31"
    assert client.post(f"/cases/{team.case.pk}/justice/reports/add/", data).status_code == 302
