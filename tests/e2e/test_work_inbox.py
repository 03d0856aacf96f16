"""In two real browsers (issue 16, acceptance): the programme's facilitator records that the
man dropped out; in the same request cycle, with no worker running, the partner contact's
My work shows the alert and its task "inform her and review her safety plan", the e-mail she
received carries the case code and no content, and she marks the task done."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from asap.accounts.enums import OrganisationKind, Role
from asap.cases import access, services
from tests.e2e.test_joint_case import sign_in
from tests.factories import OrganisationFactory, agreement_between, persona

pytestmark = pytest.mark.e2e

REASON = "E2E-REASON-he-left-the-group-after-a-quarrel"
TASK = "His programme: inform her and review her safety plan"


def joint_case():
    vss_org = OrganisationFactory(kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
    pp_org = OrganisationFactory(kind=OrganisationKind.PERPETRATOR_PROGRAMME)
    agreement_between(vss_org, pp_org)
    vss = persona(Role.CASE_WORKER, vss_org)
    pp = persona(Role.CASE_WORKER, pp_org)
    partner = persona(Role.PARTNER_CONTACT, pp_org)
    case = services.open_case(
        actor=vss,
        organisation=vss_org,
        perpetrator_name="Marco Bellandi (e2e)",
        victim_name="Anna Orsolini (e2e)",
        programme_start=datetime.date(2026, 1, 12),
    )
    services.invite_agency(actor=vss, access=access.case_for(vss, case.pk), organisation=pp_org)
    invitation = access.invitations_for(pp).get(case=case)
    services.accept_invitation(actor=pp, invitation=invitation, member=pp)
    services.add_member(actor=pp, access=access.case_for(pp, case.pk), user=partner)
    return case, pp, partner


@pytest.mark.django_db(transaction=True)
def test_a_drop_out_reaches_the_partner_contacts_work_list_and_she_marks_it_done(
    live_server, page: Page, browser: Browser
):
    base = live_server.url
    case, pp, partner = joint_case()
    mail.outbox.clear()

    # The facilitator records the drop-out on the programme page.
    sign_in(page, base, pp)
    page.goto(f"{base}/cases/{case.pk}/programme/")
    page.get_by_label("His status in the programme").select_option(label="Dropped out")
    page.get_by_label("From").fill(timezone.localdate().isoformat())
    page.get_by_label("Reason").fill(REASON)
    page.get_by_role("button", name="Record the status").click()
    expect(page.get_by_role("cell", name="Dropped out").first).to_be_visible()

    # The facilitator's own My work shows no task of the victim side.
    page.get_by_role("link", name=re.compile(r"^My work")).first.click()
    expect(page.get_by_role("heading", name="My work", level=1)).to_be_visible()
    expect(page.get_by_text(TASK)).to_have_count(0)

    # The partner contact, in a browser of her own: the task is on her list at once.
    partner_context = browser.new_context()
    partner_page = partner_context.new_page()
    sign_in(partner_page, base, partner)
    nav_link = partner_page.get_by_role("link", name=re.compile(r"^My work"))
    expect(nav_link.first).to_contain_text("1")  # the header's unread count
    nav_link.first.click()
    row = partner_page.get_by_role("row", name=re.compile(re.escape(TASK)))
    expect(row).to_be_visible()
    expect(row).to_contain_text(case.code)
    expect(partner_page.locator("main")).not_to_contain_text(REASON)
    expect(partner_page.locator("main")).not_to_contain_text("Dropped out")

    # Her e-mail: the case code, nothing of what happened.
    hers = [m for m in mail.outbox if m.to == [partner.email]]
    alerts = [m for m in hers if case.code in m.subject]
    assert len(alerts) == 1, [m.subject for m in hers]
    for message in hers:  # the alert, and anything else she was sent meanwhile
        text = message.subject + message.body
        for secret in (REASON, "quarrel", "Dropped", "dropped", "drop-out", "Marco", "Anna"):
            assert secret not in text, secret
    assert [m.subject for m in mail.outbox if m.to == [pp.email] and case.code in m.subject] == []

    # She informed the woman and reviewed her safety plan: done, and it leaves the list.
    row.get_by_role("button", name=re.compile(r"^Mark done")).click()
    expect(
        partner_page.get_by_text("Marked done for your side's team on this case.")
    ).to_be_visible()
    expect(partner_page.get_by_role("row", name=re.compile(re.escape(TASK)))).to_have_count(0)
    partner_context.close()
