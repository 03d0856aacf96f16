"""In a real browser: recovery of a victim-side worker's authenticator is asked by one
administrator, cannot be approved by the same one, is approved by a second, and the worker
must enrol two-factor authentication again before reaching anything."""

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import Page, expect

from asap.accounts.enums import OrganisationKind, Role
from tests.factories import PASSWORD, OrganisationFactory, current_code, persona, totp_secret_for

pytestmark = pytest.mark.e2e


def _sign_in(page: Page, base: str, user, path: str = "/organisation/members/") -> None:
    page.goto(f"{base}{path}")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("textbox", name="Code").fill(current_code(totp_secret_for(user)))
    page.get_by_role("button", name="Sign In").click()


def _confirm_password(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()


@pytest.mark.django_db(transaction=True)
def test_four_eyes_recovery_of_a_victim_side_workers_authenticator(
    live_server, page: Page, browser
):
    vss = OrganisationFactory(
        name="Safe Harbour (recovery e2e)", kind=OrganisationKind.VICTIM_SUPPORT_SERVICE
    )
    first_admin, second_admin = persona(Role.ADMINISTRATOR, vss), persona(Role.ADMINISTRATOR, vss)
    worker = persona(Role.CHILD_PROTECTION_LEAD, vss)
    base = live_server.url

    # The first administrator asks; nothing happens to the worker yet.
    _sign_in(page, base, first_admin, f"/organisation/members/{worker.pk}/")
    page.get_by_role("button", name="Removal of two-factor authentication").click()
    _confirm_password(page)
    expect(
        page.get_by_text("A second administrator must approve this within 24 hours.")
    ).to_be_visible()
    assert Authenticator.objects.filter(user=worker).exists()

    # The same administrator is offered no approval of their own request.
    page.goto(f"{base}/organisation/members/")
    pending = page.get_by_role(
        "region", name="Account recoveries waiting for a second administrator"
    )
    expect(pending).to_contain_text(worker.email)
    expect(pending.get_by_role("button", name="Approve")).to_have_count(0)
    assert Authenticator.objects.filter(user=worker).exists()

    # A second administrator approves.
    second = browser.new_context().new_page()
    _sign_in(second, base, second_admin)
    pending = second.get_by_role(
        "region", name="Account recoveries waiting for a second administrator"
    )
    pending.get_by_role("button", name="Approve").click()
    _confirm_password(second)
    expect(
        second.get_by_text("The account was recovered; the person was e-mailed.")
    ).to_be_visible()
    assert not Authenticator.objects.filter(user=worker).exists()

    # The worker signs in with her password and must enrol again before anything else.
    mine = browser.new_context().new_page()
    mine.goto(f"{base}/accounts/activity/")
    mine.get_by_label("Email").fill(worker.email)
    mine.get_by_label("Password").fill(PASSWORD)
    mine.get_by_role("button", name="Sign In").click()
    expect(mine).to_have_url(f"{base}/accounts/2fa/totp/activate/")
    mine.goto(f"{base}/cases/")
    expect(mine).to_have_url(f"{base}/accounts/2fa/totp/activate/")
    secret = mine.locator("input[name=secret], #authenticator_secret").first.input_value()
    mine.get_by_label("Authenticator code").fill(current_code(secret))
    mine.get_by_role("button", name="Activate").click()
    mine.goto(f"{base}/accounts/activity/")
    expect(mine.get_by_role("heading", level=1)).to_have_text("Recent activity")
