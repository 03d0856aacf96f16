"""In a real browser: an administrator invites a new worker, who follows the e-mailed link,
sets a password, sets up TOTP and signs in."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from asap.accounts.enums import OrganisationKind, Role
from tests.factories import PASSWORD, OrganisationFactory, current_code, persona, totp_secret_for

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "a-long-phrase-for-the-new-worker"


@pytest.mark.django_db(transaction=True)
def test_an_administrator_invites_a_worker_who_sets_a_password_and_enrols_totp(
    live_server, page: Page, browser
):
    vss = OrganisationFactory(
        name="Safe Harbour (e2e)", kind=OrganisationKind.VICTIM_SUPPORT_SERVICE
    )
    admin = persona(Role.ADMINISTRATOR, vss)
    base = live_server.url

    page.goto(f"{base}/organisation/members/")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("textbox", name="Code").fill(current_code(totp_secret_for(admin)))
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who holds which role")

    page.get_by_label("Organisation").select_option(label=vss.name)
    page.get_by_label("E-mail address").fill("invited.worker@example.org")
    page.get_by_label("Full name").fill("Invited Worker")
    page.locator("#id_role").select_option(Role.CASE_WORKER.value)
    page.get_by_role("button", name="Grant the role").click()
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("The role was granted.")).to_be_visible()

    [invitation] = [m for m in mail.outbox if m.to == ["invited.worker@example.org"]]
    link = re.search(r"https?://\S+", invitation.body).group(0)

    worker = browser.new_context().new_page()
    worker.goto(link)
    worker.locator("#id_password1").fill(NEW_PASSWORD)
    worker.locator("#id_password2").fill(NEW_PASSWORD)
    worker.get_by_role("button", name="Change Password").click()
    expect(worker.get_by_text("Your password is now changed.")).to_be_visible()

    worker.goto(f"{base}/accounts/activity/")
    worker.get_by_label("Email").fill("invited.worker@example.org")
    worker.get_by_label("Password").fill(NEW_PASSWORD)
    worker.get_by_role("button", name="Sign In").click()

    # Two-factor authentication is mandatory before anything else.
    expect(worker).to_have_url(f"{base}/accounts/2fa/totp/activate/")
    secret = worker.locator("input[name=secret], #authenticator_secret").first.input_value()
    worker.get_by_label("Authenticator code").fill(current_code(secret))
    worker.get_by_role("button", name="Activate").click()

    worker.goto(f"{base}/accounts/activity/")
    expect(worker.get_by_role("heading", level=1)).to_have_text("Recent activity")
    expect(worker.get_by_text("Two-factor authenticator added").first).to_be_visible()
    expect(worker.get_by_text("Signed in", exact=True)).to_be_visible()
