"""In a real browser: the programme's worker schedules a periodic review of a joint case,
downloads the invitation and reads it back, writes the minutes with two new actions, finds
them in the joint action plan, and opens the minutes as a PDF. Nothing in the invitation or
the PDF names or locates the woman."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from playwright.sync_api import Page, expect

from asap.cases import access
from asap.cases import services as cases
from tests.e2e.test_joint_case import sign_in
from tests.factories import agreement_between
from tests.pdf import pdf_text as read_pdf

pytestmark = pytest.mark.e2e
BRUSSELS = ZoneInfo("Europe/Brussels")  # settings.TIME_ZONE: the form's times are local

WOMAN = "Franca Lazzerini"
ADDRESS = "Via dei Glicini 14 (fictional), Modena"
TITLE = "First periodic review with both agencies"
DECISION = "Both agencies keep the weekly contact and review the risk in June."


def open_case(vss_worker, pp_worker, pp):
    """The centre opens the case (her name and address recorded); the programme joins."""
    vss = vss_worker.active_memberships[0].organisation
    case = cases.open_case(
        actor=vss_worker, organisation=vss, perpetrator_name="Teodoro B.", victim_name=WOMAN
    )
    vss_access = access.case_for(vss_worker, case.pk)
    woman = next(p for p in access.persons_for(vss_access) if p.role == "victim")
    cases.record_protected_detail(
        actor=vss_worker,
        access=vss_access,
        person=access.person_for(vss_access, woman.pk),
        kind="address",
        value=ADDRESS,
    )
    agreement_between(vss, pp)
    invitation = cases.invite_agency(actor=vss_worker, access=vss_access, organisation=pp)
    cases.accept_invitation(actor=pp_worker, invitation=invitation, member=pp_worker)
    return case


def pdf_text(path: Path) -> str:
    """The downloaded PDF's text as its reader gives it, whitespace runs folded."""
    return " ".join(read_pdf(path.read_bytes()).split())


@pytest.mark.django_db(transaction=True)
def test_a_worker_schedules_a_meeting_writes_minutes_and_the_actions_reach_the_plan(
    live_server, page: Page, vss_worker, pp_worker, pp, tmp_path
):
    base = live_server.url
    case = open_case(vss_worker, pp_worker, pp)
    sign_in(page, base, pp_worker)
    page.goto(f"{base}/cases/{case.pk}/")

    # From the case page to its meetings, and a new meeting.
    page.get_by_role("link", name="Meetings", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Meetings of case {case.code}")
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("Type of meeting").select_option(label="Periodic review")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Starts").fill("2026-06-08T10:00")
    page.get_by_label("Ends").fill("2026-06-08T11:30")
    # In person (preselected): the venue is required before sending; online: the link.
    expect(page.get_by_label("Venue")).to_have_attribute("required", "")
    expect(page.get_by_label("Meeting link")).not_to_have_attribute("required", "")
    page.get_by_label("Held").select_option(label="Online")
    expect(page.get_by_label("Meeting link")).to_have_attribute("required", "")
    expect(page.get_by_label("Venue")).not_to_have_attribute("required", "")
    page.get_by_label("Meeting link").fill("https://meet.example.org/jc-review")
    page.get_by_role("checkbox", name=re.compile(vss_worker.full_name)).check()
    page.get_by_role("checkbox", name=re.compile(pp_worker.full_name)).check()
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.get_by_text("The meeting is scheduled")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    meeting_url = page.url

    # The invitation, downloaded and read back.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the invitation (.ics)").click()
    ics_path = tmp_path / "invitation.ics"
    download_info.value.save_as(ics_path)
    ics = ics_path.read_bytes()
    event = icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime.datetime(2026, 6, 8, 10, tzinfo=BRUSSELS)
    assert str(event["summary"]) == f"Periodic review · case {case.code}"
    assert str(event["location"]) == "https://meet.example.org/jc-review"
    assert WOMAN.encode() not in ics
    assert b"Glicini" not in ics

    # The minutes, with two new actions for the joint action plan.
    page.get_by_role("link", name="Write the minutes").click()
    page.get_by_label("Decisions").fill(DECISION)
    first = page.get_by_role("group", name="New action 1 for the joint action plan")
    first.get_by_label("Protection/support needs").fill("Safety at the children's handovers")
    first.get_by_label("Actions", exact=True).fill("Police escort at handovers")
    first.get_by_label("Term", exact=True).fill("2026-06-30")
    first.get_by_label("Person/agency responsible").fill("Police")
    second = page.get_by_role("group", name="New action 2 for the joint action plan")
    second.get_by_label("Protection/support needs").fill("His accountability")
    second.get_by_label("Actions", exact=True).fill("Weekly group on accountability")
    second.get_by_label("Term", exact=True).fill("2026-07-15")
    second.get_by_label("Person/agency responsible").fill("Programme")
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.get_by_text("The minutes were saved")).to_be_visible()
    expect(page).to_have_url(meeting_url)
    minutes = page.get_by_role("region", name="Minutes")
    expect(minutes).to_contain_text(DECISION)
    expect(minutes.get_by_role("cell", name="Police escort at handovers")).to_be_visible()

    # Both actions are in the joint action plan.
    page.goto(f"{base}/cases/{case.pk}/plan/")
    expect(page.get_by_text("Police escort at handovers").first).to_be_visible()
    expect(page.get_by_text("Weekly group on accountability").first).to_be_visible()

    # The minutes as a PDF.
    page.goto(meeting_url)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Minutes (PDF)").click()
    pdf_path = tmp_path / "minutes.pdf"
    download_info.value.save_as(pdf_path)
    pdf = pdf_path.read_bytes()
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf_path)
    assert TITLE in text
    assert DECISION in text
    assert WOMAN not in text
    assert "Glicini" not in text
