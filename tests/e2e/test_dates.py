"""In a real browser whose locale is en-US on purpose (month first): a worker types 07/12/2026
by keyboard into the case's programme start and 07/12/2026 14:30 into a meeting's start. Both
are stored as 7 December, and shown back day first, with the time zone beside the time."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, expect

from asap.cases.models import JointCase
from asap.core.scopes import named_scope
from asap.meetings.models import Meeting
from tests.e2e.test_joint_case import sign_in
from tests.e2e.test_meeting import open_case

pytestmark = pytest.mark.e2e
BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.mark.django_db(transaction=True)
def test_a_day_typed_day_first_in_an_en_us_browser_is_that_day(
    live_server, browser: Browser, vss_worker, pp_worker, pp
):
    base = live_server.url
    case = open_case(vss_worker, pp_worker, pp)
    context = browser.new_context(locale="en-US", timezone_id="America/New_York")
    page = context.new_page()
    sign_in(page, base, pp_worker)

    # The case's programme start: a text input with the format under its label.
    page.goto(f"{base}/cases/{case.pk}/edit/")
    start = page.get_by_label("Programme start")
    expect(start).to_have_attribute("type", "text")
    expect(start).to_have_accessible_description(re.compile(r"For example, 19/12/2026\."))
    start.press_sequentially("07/12/2026")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The case details were saved.")).to_be_visible()
    assert JointCase.objects.get(pk=case.pk).programme_start == datetime.date(2026, 12, 7)
    # Shown day first on the case page (in a section that may be folded away).
    expect(page.get_by_text("07/12/2026", exact=True).first).to_be_attached()

    # A meeting's start and end, typed; a mistyped end says the format and keeps the text.
    page.goto(f"{base}/cases/{case.pk}/meetings/")
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("Type of meeting").select_option(label="Periodic review")
    page.get_by_label("Title").fill("Review typed by keyboard")
    page.get_by_label("Starts").press_sequentially("07/12/2026 14:30")
    page.get_by_label("Ends").press_sequentially("07/12/2026 1530")
    page.get_by_label("Held").select_option(label="Online")
    page.get_by_label("Meeting link").fill("https://meet.example.org/typed")
    page.get_by_role("checkbox", name=re.compile(pp_worker.full_name)).check()
    page.get_by_role("button", name="Schedule the meeting").click()
    ends = page.get_by_label("Ends")
    expect(ends).to_have_value("07/12/2026 1530")
    expect(ends).to_have_accessible_description(re.compile(r"day/month/year hours:minutes"))
    ends.fill("")
    ends.press_sequentially("07/12/2026 15:30")
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.get_by_text("The meeting is scheduled")).to_be_visible()

    with named_scope("test"):
        meeting = Meeting.objects.get(case=case)
    assert meeting.starts_at.astimezone(BRUSSELS).replace(tzinfo=None) == datetime.datetime(
        2026, 12, 7, 14, 30
    )
    when = "7 December 2026, 14:30 – 15:30 CET"  # noqa: RUF001 (the page's en dash)
    expect(page.get_by_text(when)).to_be_visible()
    context.close()
