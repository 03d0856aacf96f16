"""In a real browser: the women's centre and the perpetrator programme fill in the joint risk
assessment, each for their side. Where they differ is marked; what she told the centre in
confidence never reaches the programme; the agreed result sets the case's risk level."""

import datetime
import re

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from asap.cases import access
from asap.cases import services as cases
from tests.e2e.test_joint_case import go_to_joint_cases, sign_in
from tests.factories import agreement_between

pytestmark = pytest.mark.e2e

CHECKLIST = 'Risk Assessment Checklist "Risk Indicators in Maltreatment Situations"'
SHE_LEAVES = "She has recently separated from him or is planning to leave"  # A5, protected
JEALOUS = "He is extremely jealous or controls what she does, whom she sees and what she spends"
ALCOHOL = "He misuses alcohol or drugs"  # A12
CHILDREN_HEARD = (  # B4
    "She knows that the children have heard what has happened in some of the episodes."
)
REASON_B = "The children were in the flat during the last two incidents."


def open_case_with_the_programme(vss_worker, vss, pp_worker, pp):
    """The centre opens the case and invites the programme, whose worker accepts."""
    case = cases.open_case(
        actor=vss_worker,
        organisation=vss,
        perpetrator_name="Teodoro Balestrieri",
        victim_name="Franca Lazzerini",
    )
    agreement_between(vss, pp)
    invitation = cases.invite_agency(
        actor=vss_worker, access=access.case_for(vss_worker, case.pk), organisation=pp
    )
    cases.accept_invitation(actor=pp_worker, invitation=invitation, member=pp_worker)
    # Her consent for the programme: without it he would not read her side's answers.
    cases.record_consent(
        actor=vss_worker,
        access=access.case_for(vss_worker, case.pk),
        scopes=["perpetrator_programme"],
        given_on=datetime.date(2026, 1, 5),
    )
    return case


def go_to_case(page: Page, code: str) -> None:
    """From the home page to the case, through the list of joint cases."""
    go_to_joint_cases(page)
    page.get_by_role("row", name=re.compile(code)).get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {code}")


def go_to_assessments(page: Page, code: str) -> None:
    page.get_by_role("link", name="Assessments", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Assessments of case {code}")


def question(page: Page, text: str) -> Locator:
    """The yes / no / don't know answers of one item, named by the item's text."""
    return page.get_by_role("group", name=text, exact=True)


def row_of(page: Page, text: str) -> Locator:
    """The table row of one item: its text, this side's answer, the other sources'."""
    return page.get_by_role("row").filter(has=question(page, text))


def risk_level_on_case_page(page: Page) -> Locator:
    term = page.get_by_role("term").filter(has_text=re.compile(r"^Risk level$"))
    return term.locator("xpath=following-sibling::dd[1]")


@pytest.mark.django_db(transaction=True)
def test_two_agencies_answer_the_risk_checklist_and_agree_the_result(
    live_server, page: Page, browser: Browser, vss_worker, vss, pp_worker, pp
):
    base = live_server.url
    case = open_case_with_the_programme(vss_worker, vss, pp_worker, pp)
    code = case.code

    # The centre's worker starts the checklist from the case page and answers for her side.
    sign_in(page, base, vss_worker)
    go_to_case(page, code)
    expect(risk_level_on_case_page(page)).to_have_text("Not assessed")
    go_to_assessments(page, code)
    page.get_by_role("button", name=CHECKLIST).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CHECKLIST)
    question(page, SHE_LEAVES).get_by_label("Yes", exact=True).check()
    question(page, JEALOUS).get_by_label("Yes", exact=True).check()
    question(page, CHILDREN_HEARD).get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save my side's answers").click()
    expect(page.get_by_text("Your side's answers were saved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(CHECKLIST)

    # The programme's worker, in a browser of his own, opens the same assessment.
    pp_context = browser.new_context()
    pp_page = pp_context.new_page()
    sign_in(pp_page, base, pp_worker)
    go_to_case(pp_page, code)
    go_to_assessments(pp_page, code)
    # The checklist the centre started is offered to answer, never to start a second time.
    start = pp_page.get_by_role("region", name="Start an assessment")
    expect(start.get_by_role("link", name=f"Answer your part: {CHECKLIST}")).to_be_visible()
    expect(start.get_by_role("button", name=CHECKLIST)).to_have_count(0)
    assessments = pp_page.get_by_role("region", name="Assessments", exact=True)
    expect(assessments.get_by_role("row", name=re.compile(re.escape(CHECKLIST)))).to_contain_text(
        "In progress"
    )
    assessments.get_by_role("link", name=CHECKLIST).click()
    expect(pp_page.get_by_role("heading", level=1)).to_have_text(CHECKLIST)
    # Her answer to a shared item is there for him to see; he answers for his side.
    expect(row_of(pp_page, JEALOUS)).to_contain_text("Victim support service: Yes")
    question(pp_page, JEALOUS).get_by_label("No", exact=True).check()
    question(pp_page, ALCOHOL).get_by_label("Yes", exact=True).check()
    pp_page.get_by_role("button", name="Save my side's answers").click()
    expect(pp_page.get_by_text("Your side's answers were saved.")).to_be_visible()

    # Back in the assessment: the sides differ on A11, and he never sees her answer to A5.
    expect(question(pp_page, JEALOUS).get_by_label("No", exact=True)).to_be_checked()
    expect(row_of(pp_page, JEALOUS)).to_contain_text("answers differ")
    expect(row_of(pp_page, ALCOHOL)).not_to_contain_text("answers differ")
    # Her protected item (she plans to leave) is not on his form at all.
    expect(row_of(pp_page, SHE_LEAVES)).to_have_count(0)
    expect(pp_page.get_by_text(SHE_LEAVES)).to_have_count(0)
    expect(pp_page.get_by_text("answers differ")).to_have_count(1)

    # The centre's worker sees both answers to A11, and her own answer to A5.
    page.reload()
    expect(row_of(page, JEALOUS)).to_contain_text("Perpetrator programme: No")
    expect(row_of(page, JEALOUS)).to_contain_text("answers differ")
    expect(question(page, SHE_LEAVES).get_by_label("Yes", exact=True)).to_be_checked()

    # He agrees the result: A is high by the rule (her serious "yes", which he cannot read),
    # B is low; professional judgement raises B, with the reason.
    pp_page.get_by_role("link", name="Agree the result").click()
    expect(pp_page.get_by_role("heading", level=1)).to_have_text("Agree the result")
    final_a = pp_page.get_by_label("Section A: risks for the woman — final level")
    final_b = pp_page.get_by_label("Section B: risks for the children — final level")
    expect(final_a).to_have_value("high")
    expect(final_a.locator("option")).to_have_count(1)  # never lower than the rule's
    expect(
        pp_page.get_by_text("The rule gives: High. You may raise it, never lower it.")
    ).to_be_visible()
    expect(final_b).to_have_value("low")
    expect(
        pp_page.get_by_text("The rule gives: Low. You may raise it, never lower it.")
    ).to_be_visible()
    final_b.select_option(label="Intermediate")
    # Raising without saying why is refused, with the reason next to the field.
    pp_page.get_by_role("button", name="Agree and complete").click()
    expect(
        pp_page.get_by_text("Say why professional judgement raises the level above the rule's.")
    ).to_be_visible()
    pp_page.get_by_label("Section B: risks for the children — reason for raising the level").fill(
        REASON_B
    )
    pp_page.get_by_role("button", name="Agree and complete").click()
    expect(
        pp_page.get_by_text("The assessment is complete; the agreed levels are kept with it.")
    ).to_be_visible()
    # Back on the checklist: proposed, awaiting the centre's confirmation.
    expect(pp_page.get_by_role("heading", level=1)).to_have_text(CHECKLIST)
    expect(pp_page.get_by_text("Awaiting the confirmation of: Victim side")).to_be_visible()
    expect(pp_page.get_by_role("link", name="Add actions to the plan")).to_have_count(0)
    # Joint means both sides: the programme alone only proposes the level.
    pp_page.get_by_role("link", name="All assessments of the case").click()
    pp_page.get_by_role("link", name=f"Back to case {code}").click()
    expect(risk_level_on_case_page(pp_page)).to_have_text("Not assessed")

    # The centre's worker confirms it on the checklist's page.
    page.reload()
    expect(page.get_by_text("Awaiting the confirmation of")).to_be_visible()
    page.get_by_role("button", name="Confirm the level").click()
    expect(page.get_by_text("This is the case's risk level.")).to_be_visible()
    # Agreed: the next steps are offered, the first review with its type chosen.
    expect(page.get_by_role("link", name="Add actions to the plan")).to_be_visible()
    expect(page.get_by_role("link", name="Schedule the first review meeting")).to_have_attribute(
        "href", re.compile(r"/meetings/schedule/\?type=periodic_review")
    )
    pp_page.reload()
    expect(risk_level_on_case_page(pp_page)).to_have_text("High")

    # The list keeps the agreed levels and draws them over time.
    go_to_assessments(pp_page, code)
    row = pp_page.get_by_role("row", name=re.compile(re.escape(CHECKLIST)))
    expect(row).to_contain_text("Completed")
    expect(row).to_contain_text("Section A: risks for the woman: High")
    expect(row).to_contain_text("Section B: risks for the children: Intermediate (raised)")
    history = pp_page.get_by_role("region", name="Risk levels over time")
    expect(
        history.get_by_role(
            "img", name="Agreed risk level of each section at each completed assessment"
        )
    ).to_be_visible()
    expect(history.locator("svg")).to_have_count(1)
    expect(history.get_by_role("row", name=re.compile(REASON_B))).to_contain_text("Intermediate")
    pp_context.close()

    # The centre's worker sees the same: the assessment done, the case at high risk.
    page.get_by_role("link", name="All assessments of the case").click()
    expect(page.get_by_role("row", name=re.compile(re.escape(CHECKLIST)))).to_contain_text(
        "Section A: risks for the woman: High; Section B: risks for the children: "
        "Intermediate (raised)"
    )
    page.get_by_role("link", name=f"Back to case {code}").click()
    expect(risk_level_on_case_page(page)).to_have_text("High")
