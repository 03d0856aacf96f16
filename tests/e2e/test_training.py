"""In a real browser: a trainer creates an online event with two modules, downloads its agenda
as a PDF (each module fits in 60 minutes), registers participants by uploading a CSV, marks
attendance and issues the certificates; in a fresh, signed-out browser the certificate's code
verifies on the public page."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from asap.accounts.enums import OrganisationKind, Role
from tests.e2e.test_joint_case import sign_in
from tests.factories import OrganisationFactory, persona
from tests.pdf import pdf_text

pytestmark = pytest.mark.e2e

TITLE = "Online EU training (browser test)"
CSV = (
    "name,email,profile,agency_kind,country\n"
    "Lucia Bianchi (test),lucia@example.org,psychologist,victim_support_service,IT\n"
    "Stefan Georgiev (test),,social_worker,perpetrator_programme,BG\n"
)


@pytest.mark.django_db(transaction=True)
def test_a_trainer_runs_an_online_event_and_a_certificate_verifies_publicly(
    live_server, page: Page, browser: Browser, tmp_path: Path
):
    base = live_server.url
    trainer = persona(Role.TRAINER, OrganisationFactory(kind=OrganisationKind.OTHER))
    sign_in(page, base, trainer)

    # A new online event with two modules.
    page.goto(f"{base}/training/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Training events")
    page.get_by_role("link", name="New training event").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Level").select_option(label="EU")
    page.get_by_label("Format").select_option(label="Online")
    page.get_by_label("Meeting link").fill("https://meet.example.org/eu-training")
    page.get_by_label("Trainers").fill("A. Trainer, B. Trainer")
    page.get_by_role("checkbox", name="1. GENDER-BASED VIOLENCE").check()
    page.get_by_role("checkbox", name="6. ASAP 2.0 PROTOCOL").check()
    page.get_by_label("First session starts").fill("2026-10-05T10:00")
    page.get_by_role("button", name="Create the event").click()
    expect(page.get_by_text("The event was created.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    event_url = page.url

    # The agenda as a PDF: each module's topics add up to 60 minutes.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Agenda (PDF)").click()
    pdf_path = tmp_path / "agenda.pdf"
    download_info.value.save_as(pdf_path)
    text = " ".join(pdf_text(pdf_path.read_bytes()).split())
    assert TITLE in text
    assert text.count("Total 60") == 2
    # Module 1 (20/40/30 → 13/27/20) from 10:00; module 6 (20/30/40 → 13/20/27) from 11:15.
    for times in ("10:00 10:13", "10:13 10:40", "10:40 11:00", "11:15 11:28", "11:48 12:15"):
        assert times in text, times
    # Each module's timetable (the curriculum's texts follow the timetables, under the same
    # module titles but without times).
    timetables = [s for s in re.split(r"Module \d: ", text)[1:] if "Start End Topic" in s]
    assert len(timetables) == 2
    for section in timetables:
        pairs = re.findall(r"(\d\d):(\d\d) (\d\d):(\d\d)", section)
        durations = [(int(c) * 60 + int(d)) - (int(a) * 60 + int(b)) for a, b, c, d in pairs]
        assert len(durations) == 3
        assert sum(durations) == 60

    # Participants from a CSV file.
    page.get_by_role("link", name="Import participants (CSV)").click()
    csv_path = tmp_path / "people.csv"
    csv_path.write_text(CSV)
    page.get_by_label("CSV file").set_input_files(csv_path)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("2 participants were imported.")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Lucia Bianchi (test)")).to_be_visible()

    # Attendance: Lucia at both sessions, Stefan at the first only.
    page.get_by_role("link", name="Attendance", exact=True).click()
    for box in page.get_by_role("checkbox", name=re.compile("Lucia Bianchi")).all():
        box.check()
    page.get_by_role("checkbox", name=re.compile("Stefan Georgiev.*GENDER")).check()
    page.get_by_role("button", name="Save the attendance").click()
    expect(page.get_by_text("The attendance was saved.")).to_be_visible()

    # Certificates.
    page.goto(event_url)
    page.get_by_role("button", name="Issue the certificates").click()
    expect(page.get_by_text("2 participants hold a certificate.")).to_be_visible()
    lucia = page.get_by_role("row", name=re.compile("Lucia Bianchi"))
    code = lucia.locator("code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", code)

    # A fresh, signed-out browser verifies the code on the public page.
    context = browser.new_context()
    stranger = context.new_page()
    stranger.goto(f"{base}/training/verify/")
    stranger.get_by_label("Verification code").fill(code)
    stranger.get_by_role("button", name="Verify").click()
    expect(stranger.get_by_role("heading", name="Valid certificate")).to_be_visible()
    expect(stranger.get_by_text("Lucia Bianchi (test)")).to_be_visible()
    expect(stranger.get_by_text("6. ASAP 2.0 PROTOCOL")).to_be_visible()
    expect(stranger.get_by_text("lucia@example.org")).to_have_count(0)
    stranger.goto(f"{base}/training/verify/ZZZZ-ZZZZ-ZZZZ-ZZZZ/")
    expect(stranger.get_by_role("heading", name="Invalid code")).to_be_visible()
    context.close()
