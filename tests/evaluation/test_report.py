"""The funder report of an organisation for a period: exact figures, both files open, the
formula characters escaped, and a query count that does not grow with the cases."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from asap.accounts.enums import OrganisationKind, Role
from asap.cases.models import JointCase, TimelineEntry
from asap.core.models import AuditEvent
from asap.evaluation.period import Period
from asap.programme.models import ProgrammeSession, StatusChange
from asap.training import services as training
from asap.training.enums import EventFormat, EventLevel
from asap.training.models import Attendance, Participant
from tests.conftest import sign_in
from tests.evaluation.builders import full_case
from tests.evaluation.conftest import xlsx_rows
from tests.factories import OrganisationFactory, persona
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db
SECRETS = {
    "name": "CANARY-REPORT-WOMAN-77a1",
    "child": "CANARY-REPORT-CHILD-77a2",
    "address": "CANARY-REPORT-ADDRESS-77a3",
    "note": "CANARY-REPORT-NOTE-77a4",
}


def close(case, reason: str, on: datetime.date) -> None:
    JointCase.objects.filter(pk=case.pk).update(
        status="closed", closed_on=on, closing_reason=reason
    )


def programme(case, status: str, on: datetime.date) -> None:
    entry = TimelineEntry.objects.create(
        case=case, at=timezone.now(), kind="programme_status", compartment="joint"
    )
    StatusChange.objects.create(
        case=case, entry=entry, status=status, date=on, reason=SECRETS["note"]
    )


def training_event(agency, when: datetime.datetime, attendees: int) -> None:
    event = training.create_event(
        actor=persona(Role.TRAINER, agency),
        organisation=agency,
        module_keys=["gender-based-violence", "child-protection"],
        starts_at=when,
        title="Training (report test)",
        level=EventLevel.NATIONAL,
        format=EventFormat.ONLINE,
        language="en",
        venue="",
        link="https://meet.example.org/report-test",
        trainers="A. Trainer",
        capacity=None,
    )
    sessions = list(event.sessions.all())
    for n in range(attendees):
        person = Participant.objects.create(
            event=event,
            name=f"Participant {n}",
            profile="social_worker",
            agency_kind="vss",
            country="IT",
            token=f"report-test-{event.pk}-{n}",
            registered_by="trainer",
        )
        for session in sessions:
            Attendance.objects.create(session=session, participant=person)


def sheet(rows: list[tuple]) -> dict[str, list]:
    """A figure's sheet as {row label: [cells]} (its first three lines are title, explanation
    and the columns)."""
    return {r[0]: list(r[1:]) for r in rows[3:]}


@pytest.fixture
def world(agency):
    today = timezone.localdate()
    cases = [full_case(agency, secrets=SECRETS) for _ in range(4)]
    close(cases[0], "completed", today)
    close(cases[1], "dropped_out", today)
    close(cases[2], "completed", datetime.date(today.year - 1, 6, 1))  # before the period
    programme(cases[0], "completed", today)
    programme(cases[1], "dropped_out", today)
    programme(cases[3], "attending_group", today)
    programme(cases[3], "suspended", datetime.date(today.year - 1, 6, 1))  # before the period
    for attendance in ["late", "absent_no_notice"]:
        ProgrammeSession.objects.create(
            case=cases[3], date=today, kind="group", attendance=attendance, note=SECRETS["note"]
        )
    training_event(agency, Period.current_year().since + datetime.timedelta(hours=9), 3)
    training_event(agency, Period.current_year().since - datetime.timedelta(days=30), 2)
    return cases


def test_the_xlsx_report_holds_the_organisations_exact_figures(world, coordinator_client):
    response = coordinator_client.get(reverse("evaluation:report_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    year = Period.current_year()
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Report"
    cover = xlsx_rows(response, 0)
    assert ("From", year.start.isoformat()) in cover
    outcome = xlsx_rows(response, 1)
    assert outcome[0][0] == "Cases by phase and outcome"
    header = list(outcome[2][1:])
    phase = dict(zip(header, sheet(outcome)["Programme and support"], strict=True))
    assert phase["Open at the end"] == 1
    assert phase["Programme completed"] == 1
    assert phase["He dropped out of the programme"] == 1
    assert phase["She asked to close the case"] == 0
    assert phase["All"] == 3
    assert sheet(xlsx_rows(response, 2)) == {
        "Started attending (group or individual)": [1],
        "Completed": [1],
        "Dropped out": [1],
        "Expelled": [0],
        "Suspended": [0],
        "Completion rate of those who ended it": [50],
        "Sessions recorded": [2],
        "Attendance rate (present or late)": [50],
    }
    episodes = sheet(xlsx_rows(response, 3))
    assert episodes["Reported by the victim"] == [3, 3]
    meetings = sheet(xlsx_rows(response, 4))
    assert meetings["Periodic review"] == [3]
    assert meetings["All meetings"] == [3]
    trained = sheet(xlsx_rows(response, 5))
    assert trained == {
        "Training events with a session in the period": [1],
        "Sessions": [2],
        "People who attended at least one session": [3],
        "Attendances (a person at a session)": [6],
    }


def test_the_pdf_report_prints_the_same_figures_and_no_case_content(world, coordinator_client):
    response = coordinator_client.get(reverse("evaluation:report_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    squeezed = pdf_text(response.content, squeeze=True)
    assert "FunderreportofAgencyunderevaluation" in squeezed
    for title in [
        "Cases by phase and outcome",
        "Programme completion and drop-out",
        "Recidivism by source",
        "Meetings held",
        "Training delivered",
    ]:
        assert title in text
    assert "Peoplewhoattendedatleastonesession3" in squeezed
    codes = list(JointCase.objects.values_list("code", flat=True))
    xlsx = coordinator_client.get(reverse("evaluation:report_xlsx")).content
    for secret in [*SECRETS.values(), *codes]:
        assert secret not in text
        assert secret.encode() not in xlsx


def test_the_report_period_bounds_what_it_counts(world, coordinator_client):
    today = timezone.localdate()
    last_year = Period(datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31))
    response = coordinator_client.get(
        reverse("evaluation:report_xlsx"),
        {"start": last_year.start.isoformat(), "end": last_year.end.isoformat()},
    )
    # Last year: no case was opened yet (they were all opened today), no meeting, no episode;
    # the training event of last December.
    outcome = sheet(xlsx_rows(response, 1))
    assert outcome["All phases"][-1] == 0
    trained = sheet(xlsx_rows(response, 5))
    assert trained["Training events with a session in the period"] == [1]
    assert trained["People who attended at least one session"] == [2]


def test_a_formula_in_a_name_is_escaped_in_the_report(agency, coordinator_client):
    agency.name = '=HYPERLINK("http://example.org")'
    agency.save(update_fields=["name"])
    rows = xlsx_rows(coordinator_client.get(reverse("evaluation:report_xlsx")), 0)
    assert rows[1][0] == '\'=HYPERLINK("http://example.org")'


def test_the_report_is_audited_and_its_queries_do_not_grow(agency, coordinator_client):
    url = reverse("evaluation:report_xlsx")
    for _ in range(2):
        full_case(agency)
    coordinator_client.get(url)
    with CaptureQueriesContext(connection) as two:
        assert coordinator_client.get(url).status_code == 200
    for _ in range(6):
        full_case(agency)
    with CaptureQueriesContext(connection) as eight:
        response = coordinator_client.get(url)
    assert sheet(xlsx_rows(response, 1))["All phases"][-1] == 8
    assert len(eight) == len(two)
    actions = AuditEvent.objects.filter(action="evaluation.dashboard.report.xlsx").count()
    assert actions == 3


def _outcome_by_phase(client) -> dict[str, object]:
    outcome = xlsx_rows(client.get(reverse("evaluation:report_xlsx")), 1)
    header = list(outcome[2][1:])
    return dict(zip(header, sheet(outcome)["Programme and support"], strict=True))


def test_only_a_victim_support_services_report_counts_cases_she_asked_to_close():
    """Outside the victim side 'she asked' reads 'other reason' (as on the case page): a
    programme's report does not tell, even as a count, that a woman asked to end her case."""
    today = timezone.localdate()
    readers = {}
    for kind in [OrganisationKind.VICTIM_SUPPORT_SERVICE, OrganisationKind.PERPETRATOR_PROGRAMME]:
        organisation = OrganisationFactory(name=f"Report {kind}", kind=kind)
        for reason in ["she_asked", "other"]:
            close(full_case(organisation), reason, today)
        client = Client()
        sign_in(client, persona(Role.COORDINATOR, organisation))
        readers[kind] = _outcome_by_phase(client)
    hers = readers[OrganisationKind.VICTIM_SUPPORT_SERVICE]
    assert hers["She asked to close the case"] == 1
    assert hers["Other reason"] == 1
    his = readers[OrganisationKind.PERPETRATOR_PROGRAMME]
    assert "She asked to close the case" not in his
    assert his["Other reason"] == 2
    assert his["All"] == hers["All"] == 2
