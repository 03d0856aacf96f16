"""In a real browser: a new user signs in, sets up TOTP, reaches home, switches language."""

import pytest
from playwright.sync_api import Page, expect

from asap.accounts.enums import Role
from tests.factories import PASSWORD, current_code, persona

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
def test_a_new_user_enrols_totp_reaches_the_home_page_and_switches_language(
    live_server, page: Page
):
    user = persona(Role.CASE_WORKER, mfa=False)

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    # MFA is mandatory: the first stop is the authenticator set-up, whatever was asked for.
    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/totp/activate/")
    secret = page.locator("input[name=secret], #authenticator_secret").first.input_value()
    page.get_by_label("Authenticator code").fill(current_code(secret))
    page.get_by_role("button", name="Activate").click()

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.get_by_role("heading", name="Case worker")).to_be_visible()

    # Keyboard first: the skip link is the first thing Tab reaches.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()

    page.get_by_label("Language").select_option("it")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ti diamo il benvenuto")
