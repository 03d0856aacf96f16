"""In a real browser: a trainee works through the Module 4 fictional case (the risk checklist
scored by the real rule, an action, the IT safety plan) and hands it in; the trainer of the
same organisation compares the answers with the reference."""

import pytest
from playwright.sync_api import Browser, Page, expect

from asap.accounts.enums import Role
from tests.e2e.test_joint_case import sign_in
from tests.factories import OrganisationFactory, persona

pytestmark = pytest.mark.e2e
BANNER = "Practice — fictional case, not real data"


@pytest.mark.django_db(transaction=True)
def test_a_trainee_practises_and_the_trainer_compares(live_server, page: Page, browser: Browser):
    base = live_server.url
    academy = OrganisationFactory(name="Practice academy (e2e)")
    trainee = persona(Role.TRAINEE, academy)
    trainer = persona(Role.TRAINER, academy)

    sign_in(page, base, trainee)
    page.goto(f"{base}/practice/")
    expect(page.get_by_role("note")).to_contain_text(BANNER)
    page.get_by_role("link", name="Amina and Rafael Quint").click()
    expect(page.get_by_text("A river flood has forced the evacuation")).to_be_visible()
    page.get_by_role("button", name="Start a practice attempt").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Practice attempt")

    page.get_by_role("link", name="Fill in the risk checklist").click()
    page.locator("#id_item_A2_0").check()  # he has threatened to kill her: yes
    page.locator("#id_item_A1_1").check()  # strangled: no
    page.get_by_role("button", name="Save the answers").click()
    expect(page.get_by_role("listitem").filter(has_text="Section A")).to_contain_text("High")

    page.get_by_role("link", name="Open the action plan").click()
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("Protection/support needs").fill("A separate place in the shelter")
    page.get_by_label("Actions").fill("Ask the crisis coordination group")
    page.get_by_label("Term").fill("2026-12-01")
    page.get_by_label("Person/agency responsible").fill("Victim support service")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("cell", name="A separate place in the shelter")).to_be_visible()

    page.get_by_role("link", name="Back to the attempt").click()
    page.get_by_role("link", name="Write the IT safety plan").click()
    page.get_by_label("individuation of a safe communication channel").fill("A code word")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Hand in to my trainer").click()
    expect(page.get_by_text("handed in to your trainer")).to_be_visible()

    coach = browser.new_context().new_page()
    sign_in(coach, base, trainer)
    coach.goto(f"{base}/practice/review/")
    coach.get_by_role("link", name="Compare with the reference").click()
    threatened = coach.get_by_role("row").filter(has_text="He has threatened to kill her")
    expect(threatened).to_contain_text("match")
    strangled = coach.get_by_role("row").filter(has_text="He has strangled or choked her")
    # The trainee's answer, the reference answer and the result, cell by cell.
    expect(strangled.get_by_role("cell")).to_have_text(["No", "No", "✓ match"])
    expect(coach.get_by_role("cell", name="A code word", exact=True)).to_be_visible()
    expect(coach.get_by_text("Agree with the crisis coordination group")).to_be_visible()
