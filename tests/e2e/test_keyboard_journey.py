"""The core journey by keyboard alone, counting the pages loaded after signing in.

A victim-support worker opens a case and invites the perpetrator programme in one go; the
programme's worker finds the invitation on his home page and accepts it; both answer the joint
risk checklist; the level is agreed (proposed by one side, confirmed by the other); two actions
are added to the plan and the first review is scheduled. Every step with Tab, Shift+Tab,
Enter, Space, the arrow keys and typing: no mouse, no URL typed after the start page. The
issue's bound: at most 20 pages loaded after signing in, both workers together.
"""

import datetime
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from asap.cases.models import JointCase
from asap.core.scopes import named_scope
from asap.meetings.models import Meeting
from asap.plans.models import ActionItem
from tests.e2e.keyboard import Keys, code_in
from tests.factories import PASSWORD, agreement_between, current_code, totp_secret_for

pytestmark = pytest.mark.e2e

MAX_LOADS = 20
CHECKLIST = 'Risk Assessment Checklist "Risk Indicators in Maltreatment Situations"'
JEALOUS = "He is extremely jealous or controls what she does, whom she sees and what she spends"
ALCOHOL = "He misuses alcohol or drugs"
WOMAN = "Gianna Terzoli"
MAN = "Ottavio Brancaleoni"


def sign_in(keys: Keys, base_url: str, user) -> None:
    """The start page is the only URL typed; e-mail, password and the authenticator's code
    by keyboard. Ends on the home page, where the count of pages starts."""
    page = keys.page
    page.goto(f"{base_url}/")
    keys.type_into(page.get_by_label("Email"), user.email)
    keys.type_into(page.get_by_label("Password"), PASSWORD)
    keys.activate(page.get_by_role("button", name="Sign In"))
    keys.type_into(page.get_by_role("textbox", name="Code"), current_code(totp_secret_for(user)))
    keys.activate(page.get_by_role("button", name="Sign In"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    keys.loads.clear()


def main_button(page: Page, name: str):
    """The case page's main button: the next step of the protocol for the reader's side."""
    summary = page.get_by_role("region", name="Summary")
    return summary.get_by_role("link", name=name).or_(summary.get_by_role("button", name=name))


def answer(keys: Keys, item: str, choice: str) -> None:
    group = keys.page.get_by_role("group", name=item, exact=True)
    keys.choose(group.get_by_label(choice, exact=True))


@pytest.mark.django_db(transaction=True)
def test_the_core_journey_by_keyboard_in_at_most_twenty_page_loads(
    live_server, page: Page, browser: Browser, vss, vss_worker, pp, pp_worker
):
    base = live_server.url
    agreement_between(vss, pp)
    today = datetime.date.today()
    term = (today + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    review = today + datetime.timedelta(days=14)
    her = Keys(page)

    # The centre's worker opens the case and invites the programme in one submission.
    sign_in(her, base, vss_worker)
    her.activate(page.get_by_role("link", name="Open a joint case"))
    her.type_into(page.get_by_label("The woman's name"), WOMAN)
    her.type_into(page.get_by_label("The man's name"), MAN)
    her.select(page.get_by_label("Invite a partner agency"), pp.name)
    her.activate(page.get_by_role("button", name="Open the case"))
    expect(page.get_by_text(f"The case is open and {pp.name} was invited.")).to_be_visible()
    code = code_in(page.get_by_role("heading", level=1).inner_text())

    # The programme's worker finds the invitation on his home page and accepts it as himself.
    context = browser.new_context()
    him = Keys(context.new_page())
    his = him.page
    sign_in(him, base, pp_worker)
    invitations = his.get_by_role("region", name="Invitations to your agency")
    him.activate(invitations.get_by_role("link", name=f"Answer the invitation — {code}"))
    expect(his.get_by_label("Who works on the case for your agency")).to_have_value(
        str(pp_worker.pk)
    )
    him.activate(his.get_by_role("button", name="Accept the invitation"))
    expect(his.get_by_text("Your agency now takes part in the case.")).to_be_visible()

    # The case page's main button is his next step: the joint checklist, started at once.
    him.activate(main_button(his, "Answer the joint risk checklist"))
    expect(his.get_by_role("heading", level=1)).to_have_text(CHECKLIST)
    answer(him, JEALOUS, "No")
    answer(him, ALCOHOL, "Yes")
    him.activate(his.get_by_role("button", name="Save my side's answers"))
    expect(his.get_by_text("Your side's answers were saved.")).to_be_visible()

    # Her next step on the case page: her consent to sharing with the programme; then the
    # checklist he started, answered for her side, and the result she proposes.
    her.activate(main_button(page, "Record her consent"))
    her.tick(page.get_by_label("Sharing information with the perpetrator programme"))
    her.type_into(page.get_by_label("Given on"), today.strftime("%d/%m/%Y"))
    her.activate(page.get_by_role("button", name="Record her consent"))
    expect(page.get_by_text("Her consent was recorded.")).to_be_visible()
    her.activate(main_button(page, "Answer the joint risk checklist"))
    expect(page.get_by_role("heading", level=1)).to_have_text(CHECKLIST)
    answer(her, JEALOUS, "Yes")
    # His answers are in: saving hers leads straight to agreeing the result.
    her.activate(page.get_by_role("button", name="Save and agree the result"))
    expect(page.get_by_text("Your side's answers were saved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agree the result")
    her.activate(page.get_by_role("button", name="Agree and complete"))
    expect(page.get_by_text("Awaiting the confirmation of: Perpetrator side")).to_be_visible()

    # He goes back to the case: its main button takes him to confirm the level, and the
    # checklist then offers the plan.
    him.activate(his.get_by_role("link", name=f"Case {code}", exact=True), backwards=True)
    him.activate(main_button(his, "Agree the risk level"))
    him.activate(his.get_by_role("button", name="Confirm the level"))
    expect(his.get_by_text("This is the case's risk level.")).to_be_visible()
    workers = (her, him)
    page, her = his, him  # the rest is his
    # Two actions, the second from "Save and add another".
    her.activate(page.get_by_role("link", name="Add actions to the plan"))
    for need, action in (
        ("Safety at the children's handovers", "Police escort at handovers"),
        ("His accountability", "Weekly group on accountability"),
    ):
        her.type_into(page.get_by_label("Protection/support needs"), need)
        her.type_into(page.get_by_label(re.compile(r"^Actions\b")), action)
        her.type_into(page.get_by_label(re.compile(r"^Term\b")), term)
        her.type_into(page.get_by_label("Person/agency responsible"), "Centre and programme")
        button = "Save and add another" if need.startswith("Safety") else "Save"
        her.activate(page.get_by_role("button", name=button, exact=True))

    # The first review meeting, offered by the plan; the type is already chosen.
    her.activate(page.get_by_role("link", name="Schedule a review meeting"))
    expect(page.get_by_label("Type of meeting")).to_have_value("periodic_review")
    her.type_into(page.get_by_label("Title"), "First review")
    her.type_into(page.get_by_label("Starts"), review.strftime("%d/%m/%Y 10:00"))
    her.type_into(page.get_by_label("Ends"), review.strftime("%d/%m/%Y 11:00"))
    her.type_into(page.get_by_label("Venue"), "The centre's meeting room")
    her.activate(page.get_by_role("button", name="Schedule the meeting"))
    expect(page.get_by_text("The meeting is scheduled")).to_be_visible()

    she, he = workers
    loads = len(she.loads) + len(he.loads)
    print(
        f"\nThe core journey by keyboard: {loads} page loads after signing in "
        f"({len(she.loads)} the centre's worker, {len(he.loads)} the programme's), "
        f"{she.tabs + he.tabs} Tabs, {she.presses + he.presses} keys pressed"
    )
    context.close()

    with named_scope("test"):
        case = JointCase.objects.get(code=code)
        actions = list(ActionItem.objects.filter(case=case).values_list("action", flat=True))
        meetings = Meeting.objects.filter(case=case, type_key="periodic_review").count()
    assert case.risk_level == "low"  # the rule's level of their answers, agreed
    assert sorted(actions) == ["Police escort at handovers", "Weekly group on accountability"]
    assert meetings == 1
    assert loads <= MAX_LOADS, f"{loads} page loads: {she.loads + he.loads}"
