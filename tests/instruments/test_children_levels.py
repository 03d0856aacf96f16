"""Section B of the joint risk checklist is answered per child: each child gets a level of its
own, the case's level is the highest of the checklist's levels, the case page shows each
child's level and the highest, and the perpetrator side sees the children by label only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from asap.cases import access
from asap.cases import services as cases
from asap.cases.models import JointCase
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from asap.instruments import registry, scoring
from asap.instruments import services as instruments
from asap.instruments.models import Answer, SectionResult
from tests.instruments.setup import set_aside_open_checklist

pytestmark = pytest.mark.django_db

SECOND_NAME = "CANARYSECONDCHILD7f3a"


def version_of(body: str) -> str:
    return re.search(r'name="version" value="(\d+)"', body)[1]


def add_children(world, count: int) -> list[int]:
    """The world's child (its name a canary) and `count - 1` more, each named by a canary."""
    vss = world.people["victim_side"]
    vss_access = access.case_for(vss, world.case.pk)
    ids = [world.ids["child"]]
    for n in range(2, count + 1):
        child = cases.add_person(
            actor=vss,
            access=vss_access,
            role="child",
            name=SECOND_NAME if n == 2 else f"CANARYCHILD{n}7f3a",
            year_of_birth=2018,
        )
        ids.append(child.pk)
    return ids


def start(world) -> str:
    set_aside_open_checklist(world)
    client = world.client("victim_side")
    response = client.post(f"/cases/{world.case.pk}/assessments/start/", {"key": "risk-checklist"})
    assert response.status_code == 302
    return response["Location"]


def test_the_level_of_each_child_comes_from_its_own_answers():
    checklist = registry.shipped()["risk-checklist", 1]
    answers = {
        None: {"A1": ["no"], "B3": ["yes"]},  # B3 given for all the children
        11: {"B6": ["yes"]},  # serious: he hurt this child
        12: {"B4": ["yes"], "B5": ["yes"]},  # with B3: three intermediate indicators
    }
    levels = scoring.unit_levels(checklist, answers, [11, 12, 13])
    assert levels == {
        ("A", None): "low",
        ("B", 11): "high",
        ("B", 12): "intermediate",
        ("B", 13): "low",
    }
    # A case without a child recorded: Section B once, for all the children.
    assert scoring.unit_levels(checklist, answers, []) == {("A", None): "low", ("B", None): "low"}


def test_a_childs_section_b_level_is_its_own_and_the_case_takes_the_highest(world):
    first, second = add_children(world, 2)
    checklist = start(world)
    victim = world.client("victim_side")
    body = victim.get(checklist).content.decode()
    # One block of Section B per child, by label.
    assert "Section B: risks for the children — Child 1" in body
    assert "Section B: risks for the children — Child 2" in body
    assert f'name="item_B6@{first}"' in body
    assert f'name="item_B6@{second}"' in body
    assert 'name="item_B6"' not in body  # no block for "all the children"
    saved = victim.post(
        checklist,
        {
            "version": version_of(body),
            "item_A11": "yes",
            # Child 1: one non-specific indicator → low. Child 2: he hurt this child → high.
            f"item_B4@{first}": "yes",
            f"item_B6@{second}": "yes",
            f"item_B4@{second}": "no",
        },
    )
    assert saved.status_code == 302
    with named_scope("test"):
        stored = {
            (a.child_id, a.item): a.value
            for a in Answer.objects.filter(administration__case=world.case, child__isnull=False)
        }
    assert stored == {
        (first, "B4"): '"yes"',
        (second, "B6"): '"yes"',
        (second, "B4"): '"no"',
    }
    result = checklist + "result/"
    form = victim.get(result).content.decode()
    assert "Section B: risks for the children — Child 1 — final level" in form
    done = victim.post(
        result,
        {
            "version": version_of(form),
            "final_A": "low",
            f"final_B@{first}": "low",
            f"final_B@{second}": "high",
            "reason_A": "",
            f"reason_B@{first}": "",
            f"reason_B@{second}": "",
        },
    )
    assert done.status_code == 302
    administration = int(checklist.rstrip("/").rsplit("/", 1)[1])
    with named_scope("test"):
        levels = {
            (r.section, r.child_id): r.final_level
            for r in SectionResult.objects.filter(administration_id=administration)
        }
    assert levels == {("A", None): "low", ("B", first): "low", ("B", second): "high"}
    # Joint: once the programme confirms, the case's level is the highest of them.
    confirmed = world.client("perpetrator_side").post(checklist + "confirm/")
    assert confirmed.status_code == 302
    assert JointCase.objects.get(pk=world.case.pk).risk_level == "high"
    # The case page: each child's level, and the highest, on both sides, by label.
    for who in ("victim_side", "perpetrator_side"):
        page = world.client(who).get(f"/cases/{world.case.pk}/").content.decode()
        section = page[page.index('id="children-risk-heading"') :]
        section = section[: section.index("</section>")]
        rows = re.findall(r'<th scope="row">([^<]+)</th><td>(?:<strong>)?([^<]+)<', section)
        assert rows == [("Child 1", "Low"), ("Child 2", "High"), ("Highest", "High")]
        assert "agreed" in section


def test_a_checklist_answered_for_all_the_children_shows_that_level_for_each(world):
    # The world's checklist: B4 answered for all the children (before Section B was per
    # child). A second child added since: both children get the level of those answers.
    first, second = add_children(world, 2)
    victim = world.client("victim_side")
    checklist = f"/cases/{world.case.pk}/assessments/{world.ids['risk']}/"
    body = victim.get(checklist).content.decode()
    assert "Section B: risks for the children — all the children" in body
    assert re.search(r'name="item_B4" value="yes"[^>]*checked', body)
    vss_access = access.case_for(world.people["victim_side"], world.case.pk)
    with named_scope("test"):
        risk = instruments.Administration.objects.get(pk=world.ids["risk"])
    levels = instruments.rule_levels(vss_access, risk)
    assert levels == {("A", None): "high", ("B", first): "low", ("B", second): "low"}


def test_an_answer_for_a_child_of_another_case_or_a_case_wide_item_is_refused(world):
    (first,) = add_children(world, 1)
    vss = world.people["victim_side"]
    vss_access = access.case_for(vss, world.case.pk)
    other = cases.open_case(
        actor=vss,
        organisation=vss.active_memberships[0].organisation,
        perpetrator_name="Other man",
        victim_name="Other woman",
    )
    other_child = cases.add_person(
        actor=vss, access=access.case_for(vss, other.pk), role="child", name="Other child"
    )
    with named_scope("test"):
        risk = instruments.Administration.objects.get(pk=world.ids["risk"])
    for child_answers in ({other_child.pk: {"B6": "yes"}}, {first: {"A1": "yes"}}):
        with pytest.raises(PermissionError):
            instruments.save_answers(
                actor=vss,
                access=vss_access,
                administration=risk,
                answers={},
                child_answers=child_answers,
                expected_version=risk.version,
            )
    with named_scope("test"):
        assert not Answer.objects.filter(child__isnull=False).exists()


def test_the_perpetrator_side_sees_the_children_by_label_only(world):
    _first, second = add_children(world, 2)
    checklist = start(world)
    body = world.client("victim_side").get(checklist).content.decode()
    world.client("victim_side").post(
        checklist, {"version": version_of(body), f"item_B6@{second}": "yes"}
    )
    names = [world.canaries["child_name"], SECOND_NAME]
    # The names are there to leak: the victim side reads them on the case page.
    victim_case = world.client("victim_side").get(f"/cases/{world.case.pk}/").content.decode()
    assert all(name in victim_case for name in names)
    programme = world.client("perpetrator_side")
    labelled = [  # pages that name the children: by label
        checklist,
        checklist + "result/",
        f"/cases/{world.case.pk}/",
        f"/cases/{world.case.pk}/plan/add/",
    ]
    for page in [*labelled, f"/cases/{world.case.pk}/assessments/"]:
        response = programme.get(page)
        assert response.status_code == 200, page
        text = response.content.decode()
        assert ("Child 2" in text) == (page in labelled), page
        assert all(name not in text for name in names), page


def test_saving_the_checklist_costs_a_few_queries_per_child(world):
    """The risk form's POST with one child and with three: at most a few more queries per
    child (the fields and answers of each child, no query per item)."""

    def post_cost(children: list[int]) -> int:
        checklist = start(world)
        client = world.client("victim_side")
        body = client.get(checklist).content.decode()
        data = {"version": version_of(body), "item_A1": "yes"}
        for child in children:
            data[f"item_B4@{child}"] = "yes"
        with CaptureQueriesContext(connection) as captured:
            assert client.post(checklist, data).status_code == 302
        return len(captured)

    one = post_cost([world.ids["child"]])
    three = post_cost(add_children(world, 3))
    # The answers are written in bulk (one INSERT for the new ones); two more children
    # answered: a handful of queries at most, never one per item of the section.
    assert three - one <= 3 * 2 * 2, (one, three)
    audit = AuditEvent.objects.filter(action="instrument.answer").latest("pk")
    assert "B4@child" in " ".join(audit.fields)


def test_the_case_page_runs_the_same_queries_with_one_and_three_children(world):
    set_aside_open_checklist(world)

    def complete_one(children: list[int]) -> None:
        vss = world.people["victim_side"]
        case_access = access.case_for(vss, world.case.pk)
        done = instruments.start_administration(actor=vss, access=case_access, key="risk-checklist")
        instruments.save_answers(
            actor=vss,
            access=case_access,
            administration=done,
            answers={"A1": "yes"},
            child_answers={child: {"B6": "yes"} for child in children},
            expected_version=1,
        )
        instruments.complete_administration(
            actor=vss, access=case_access, administration=done, decisions={}, expected_version=2
        )

    client = world.client("perpetrator_side")
    page = f"/cases/{world.case.pk}/"

    def cost() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page).status_code == 200
        return len(captured)

    cost()  # the session's first page writes its last-seen time
    complete_one([world.ids["child"]])
    one = cost()
    children = add_children(world, 3)
    complete_one(children)
    body = client.get(page).content.decode()
    assert body.count("<td>High</td>") == 3
    assert cost() == one
