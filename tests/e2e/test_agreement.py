"""In a real browser: the programme's coordinator drafts the standard organisations level
agreement with the women's centre and sends it; each coordinator signs for their agency,
confirming their password again; the agreement locks, and its PDF shows both sign-offs."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from asap.accounts.enums import Role
from asap.agreements.enums import AgreementStatus
from asap.agreements.models import Agreement
from tests.e2e.test_joint_case import sign_in
from tests.factories import PASSWORD, persona
from tests.pdf import pdf_text as read_pdf

pytestmark = pytest.mark.e2e

TITLE = "Bologna agreement between the programme and the centre"


def sign_for_the_agency(page: Page, agency: str) -> None:
    """Press "Sign for …", confirm the password (allauth's re-authentication), and land back
    on the agreement with the sign-off recorded."""
    page.get_by_role("button", name=f"Sign for {agency}").click()
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Your agency's sign-off was recorded.")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_sign_and_the_locked_pdf_shows_both_sign_offs(
    live_server, page: Page, browser: Browser, coordinator, pp, vss, tmp_path: Path
):
    base = live_server.url
    centre_coordinator = persona(Role.COORDINATOR, vss)

    # The programme's coordinator drafts from the standard agreement and names the centre.
    sign_in(page, base, coordinator)
    page.goto(f"{base}/agreements/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Multi-agency agreements")
    page.get_by_role("link", name="Draft an organisations level agreement").click()
    expect(page.get_by_label("Principles")).to_contain_text("protection of victim(s)")
    expect(page.get_by_label("Legislative framework - if any")).to_contain_text("Istanbul")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_role("checkbox", name=vss.name).check()
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    agreement_url = page.url

    # Sent for sign-off; he signs for the programme after confirming his password.
    page.get_by_role("button", name="Send to every party for sign-off").click()
    expect(page.get_by_text("The agreement was sent to every party for sign-off.")).to_be_visible()
    expect(page.get_by_role("link", name="Change the draft")).to_have_count(0)
    sign_for_the_agency(page, pp.name)
    expect(page.get_by_role("button", name=f"Sign for {vss.name}")).to_have_count(0)

    # The centre's coordinator, in a browser of her own, signs for the centre.
    centre_context = browser.new_context()
    centre = centre_context.new_page()
    sign_in(centre, base, centre_coordinator)
    centre.goto(f"{base}/agreements/")
    centre.get_by_role("link", name=TITLE).click()
    expect(centre).to_have_url(agreement_url)
    sign_for_the_agency(centre, vss.name)
    expect(centre.get_by_text("Signed by every party")).to_be_visible()
    signoffs = centre.get_by_role("region", name="Parties and sign-offs")
    expect(signoffs.get_by_role("cell", name=coordinator.full_name)).to_be_visible()
    expect(signoffs.get_by_role("cell", name=centre_coordinator.full_name)).to_be_visible()
    centre_context.close()

    agreement = Agreement.objects.get(title=TITLE)
    assert agreement.status == AgreementStatus.SIGNED
    assert agreement.locked_at is not None

    # Locked: nothing to change any more; the PDF shows every section and both sign-offs.
    page.goto(agreement_url)
    expect(page.get_by_role("link", name="Change the draft")).to_have_count(0)
    expect(page.get_by_role("button", name="Start a new version")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Agreement (PDF)").click()
    pdf_path = tmp_path / "agreement.pdf"
    download_info.value.save_as(pdf_path)
    pdf = pdf_path.read_bytes()
    assert pdf.startswith(b"%PDF")
    text = " ".join(read_pdf(pdf).split())
    assert TITLE in text
    for section in ["Legislative framework - if any", "Principles", "Scope", "Objectives"]:
        assert section in text
    assert "Commitments" in text
    for user, agency in [(coordinator, pp), (centre_coordinator, vss)]:
        assert user.full_name in text
        assert agency.name in text
    assert text.count("Coordinator") >= 2
    assert agreement.text_hash in text.replace(" ", "")
