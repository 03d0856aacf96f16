"""In a real browser: the women's centre opens a joint case and invites the perpetrator
programme in one submission, then records where she lives; the programme's worker answers the
invitation from his home page. Each side then sees what it may."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.factories import PASSWORD, agreement_between, current_code, totp_secret_for

pytestmark = pytest.mark.e2e

MAN = "Rocco Vendramini"
WOMAN = "Ornella Pizzigoni"
ADDRESS = "Vicolo delle Ortensie 9 (fictional), Bologna"


def sign_in(page: Page, base_url: str, user) -> None:
    """E-mail and password, then a code from the authenticator app; ends on the home page."""
    page.goto(f"{base_url}/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.get_by_role("textbox", name="Code").fill(current_code(totp_secret_for(user)))
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def go_to_joint_cases(page: Page, link: str = "Work on your joint cases") -> None:
    """From the home page (or, with `link="All joint cases"`, from a case page) to the list."""
    page.get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", name="Joint cases", level=1)).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_case_opened_by_the_centre_is_joined_by_the_programme_behind_the_barrier(
    live_server, page: Page, browser: Browser, vss, vss_worker, pp_worker, pp
):
    base = live_server.url
    agreement_between(vss, pp)  # the managements signed the multi-agency agreement

    # The women's centre worker opens the case from her home page, with both names, and
    # invites the perpetrator programme in the same submission.
    sign_in(page, base, vss_worker)
    page.get_by_role("link", name="Open a joint case").click()
    page.get_by_label("The woman's name").fill(WOMAN)
    page.get_by_label("The man's name").fill(MAN)
    page.get_by_label("Invite a partner agency").select_option(label=pp.name)
    page.get_by_role("button", name="Open the case").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"Case JC-\w{4}-\w{4}"))
    expect(page.get_by_text(f"The case is open and {pp.name} was invited.")).to_be_visible()
    code = re.search(r"JC-\w{4}-\w{4}", heading.inner_text()).group(0)
    case_url = page.url
    expect(page.get_by_role("row", name=re.compile(WOMAN))).to_be_visible()

    # She records where the woman lives: protected, victim side only.
    page.get_by_role("link", name="Record a protected detail").click()
    page.get_by_label("Whose detail").select_option(label=WOMAN)
    page.get_by_label("Kind").select_option(label="Address")
    page.get_by_role("textbox", name="Detail").fill(ADDRESS)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The protected detail was recorded.")).to_be_visible()
    protected = page.get_by_role("region", name="Protected details")
    expect(protected.get_by_role("cell", name=ADDRESS)).to_be_visible()

    # The programme's worker, in a browser of his own, finds the invitation on his home page
    # and accepts it: he is preselected as the worker on the case.
    pp_context = browser.new_context()
    pp_page = pp_context.new_page()
    sign_in(pp_page, base, pp_worker)
    invitations = pp_page.get_by_role("region", name="Invitations to your agency")
    expect(invitations).to_contain_text(f"Case {code} — invitation to {pp.name}")
    invitations.get_by_role("link", name=f"Answer the invitation — {code}").click()
    expect(pp_page.get_by_role("heading", level=1)).to_have_text(f"Invitation to case {code}")
    chosen = pp_page.get_by_label("Who works on the case for your agency")
    expect(chosen).to_have_value(str(pp_worker.pk))
    pp_page.get_by_role("button", name="Accept the invitation").click()

    # He lands on the case: the man's name and the code, nothing that identifies or locates her.
    expect(pp_page).to_have_url(case_url)
    expect(pp_page.get_by_text("Your agency now takes part in the case.")).to_be_visible()
    expect(pp_page.get_by_role("heading", level=1)).to_have_text(f"Case {code}")
    expect(pp_page.get_by_role("row", name=re.compile(MAN))).to_be_visible()
    expect(pp_page.get_by_role("region", name="Protected details")).to_have_count(0)
    content = pp_page.content()
    assert MAN in content
    assert code in content
    assert WOMAN not in content
    assert ADDRESS not in content
    assert "Vicolo delle Ortensie" not in content
    # Nor in his case list.
    go_to_joint_cases(pp_page, link="All joint cases")
    expect(pp_page.get_by_role("row", name=re.compile(code))).to_contain_text(MAN)
    assert WOMAN not in pp_page.content()
    pp_context.close()

    # The centre's worker still sees everything: both names and the address.
    page.goto(case_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {code}")
    expect(page.get_by_role("row", name=re.compile(MAN))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(WOMAN)).first).to_be_visible()
    expect(page.get_by_role("cell", name=ADDRESS)).to_be_visible()
    expect(page.get_by_role("region", name="Agencies and workers")).to_contain_text(
        f"{pp.name} — Perpetrator side, Taking part"
    )
    content = page.content()
    assert MAN in content
    assert WOMAN in content
    assert ADDRESS in content
