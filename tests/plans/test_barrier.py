"""The barrier on the plans, with the values planted first (tests/plans/world.py): the
perpetrator side and other agencies never see a victim-side action, nor any part of the IT
safety plan but his accountability — in pages, forms and the PDF."""

import re

import pytest
from django.urls import reverse

from asap.cases import access
from asap.plans import queries
from tests.plans.conftest import pdf_text
from tests.plans.world import ACCOUNTABILITY, ACTION_CANARIES, JOINT_NEED, SAFETY_CANARIES

pytestmark = pytest.mark.django_db
OTHER_SIDES = ["perpetrator_side", "child_protection_lead", "other_agency"]
VICTIM_SIDE = ["victim_side", "partner_contact"]
# The titles of the parts only the victim side reads: not even they reach the other sides.
PROTOCOL_PANEL = re.compile(r"<details[^>]*data-protocol-panel.*?</details>", re.S)
VICTIM_TITLES = [
    "Stopping violence",
    "Creating new accounts, safe connections and profiles",
    "individuation of a safe communication channel",
    "use of a safe device",
    "use of online communication and social media accounts",
    "safety concerns about possible escalation",
    "Stalkerware found?",
]
PLAN_CANARIES = [*SAFETY_CANARIES.values(), *ACTION_CANARIES]
# The world's joint action was recorded by the perpetrator side, and the world holds no
# waiver of his: another agency does not read it (asap.cases.policy, joint by P → A needs
# his waiver), nor open its page.
READS_HIS_JOINT_ACTION = {"perpetrator_side": True, "child_protection_lead": True}


def pages(world, persona: str) -> str:
    client = world.client(persona)
    pk = world.case.pk
    urls = [
        f"/cases/{pk}/",
        reverse("plans:list", args=[pk]),
        reverse("plans:snapshots", args=[pk]),
        reverse("plans:snapshot", args=[pk, world.ids["snapshot"]]),
        reverse("plans:safety", args=[pk]),
        reverse("plans:safety_edit", args=[pk]),
        reverse("plans:edit", args=[pk, world.ids["action_joint"]]),
        reverse("plans:add", args=[pk]),
        reverse("cases:timeline", args=[pk]),
    ]
    his_action = reverse("plans:edit", args=[pk, world.ids["action_joint"]])
    bodies = []
    for url in urls:
        response = client.get(url)
        hidden = url == his_action and persona == "other_agency"
        assert response.status_code == (404 if hidden else 200), url
        bodies.append(response.content.decode())
    return "\n".join(bodies)


def piece(value: str) -> str:
    """The longest part of a marker between hyphens: a PDF's narrow cells wrap a marker at
    its hyphens (and its lines interleave with the next cell's), never inside a part."""
    return max(value.split("-"), key=len)


def planted(world, text: str) -> list[str]:
    return sorted(name for name in PLAN_CANARIES if world.canaries[name] in text)


@pytest.mark.parametrize("persona", OTHER_SIDES)
def test_the_other_sides_never_see_her_plans(world, persona):
    text = pages(world, persona)
    assert planted(world, text) == []
    # The titles of her plan's parts, outside the panel "What the protocol says": that panel
    # quotes the curriculum's key messages (the same text for every reader), some of which
    # are these titles; her plan's own sections must not be there.
    outside_panel = PROTOCOL_PANEL.sub("", text)
    assert PROTOCOL_PANEL.search(text)  # the panel is there, and removed above
    assert [title for title in VICTIM_TITLES if title in outside_panel] == []
    assert (JOINT_NEED in text) == READS_HIS_JOINT_ACTION.get(persona, False)
    assert ACCOUNTABILITY in text
    assert "Perpetrators accountability and protection measures" in text


@pytest.mark.parametrize("persona", VICTIM_SIDE)
def test_the_victim_side_sees_every_part(world, persona):
    text = pages(world, persona)
    assert planted(world, text) == sorted(PLAN_CANARIES)
    assert [title for title in VICTIM_TITLES if title not in text] == []
    assert JOINT_NEED in text
    assert ACCOUNTABILITY in text


@pytest.mark.parametrize("persona", OTHER_SIDES)
def test_the_other_sides_pdf_holds_the_joint_rows_only(world, persona):
    response = world.client(persona).get(reverse("plans:pdf", args=[world.case.pk]))
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert [n for n in PLAN_CANARIES if piece(world.canaries[n]) in text] == []
    assert ("4b7e" in text) == READS_HIS_JOINT_ACTION.get(persona, False)  # the joint need


def test_the_victim_side_pdf_holds_her_rows(world):
    response = world.client("victim_side").get(reverse("plans:pdf", args=[world.case.pk]))
    text = pdf_text(response.content)
    assert piece(world.canaries["action_need"]) in text
    assert piece(world.canaries["action_dropped"]) in text
    assert "4b7e" in text  # the joint need


def test_the_perpetrator_side_cannot_post_a_protected_part(world):
    pk = world.case.pk
    client = world.client("perpetrator_side")
    response = client.post(
        reverse("plans:safety_edit", args=[pk]),
        {"version": "1", "accountability": "Changed by the PP", "new_accounts": "PLANTED-BY-PP"},
    )
    assert response.status_code == 302
    vss_access = access.case_for(world.people["victim_side"], pk)
    plan = queries.safety_plan_for(vss_access).plan
    assert plan.accountability == "Changed by the PP"
    assert plan.new_accounts == world.canaries["safety_new_accounts"]


@pytest.mark.parametrize("persona", OTHER_SIDES)
def test_a_victim_side_action_does_not_exist_for_the_other_sides(world, persona):
    url = reverse("plans:edit", args=[world.case.pk, world.ids["action_victim"]])
    assert world.client(persona).get(url).status_code == 404


def test_the_case_deadline_ignores_her_actions(world):
    # Her overdue action (2026-02-15) is later than the joint one (2026-02-01): the joint
    # one decides; with it done, the follow-up date (2026-03-01) does, not hers.
    world.case.refresh_from_db()
    assert str(world.case.next_due) == "2026-02-01"
