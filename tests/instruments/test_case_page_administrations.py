"""The case page reads the case's risk checklists and outcome questionnaires once
(`queries.case_page_administrations`) for the task list and the children's levels: what each
derives from that read is what its own query gives, on both sides."""

import datetime

import pytest

from asap.cases import access, tasklist
from asap.instruments import queries
from asap.instruments import services as instruments
from asap.instruments.case_page import children_risk
from tests.instruments.setup import set_aside_open_checklist

pytestmark = pytest.mark.django_db


def complete_checklist(world) -> None:
    vss = world.people["victim_side"]
    case_access = access.case_for(vss, world.case.pk)
    done = instruments.start_administration(actor=vss, access=case_access, key="risk-checklist")
    instruments.save_answers(
        actor=vss,
        access=case_access,
        administration=done,
        answers={"A1": "yes"},
        child_answers={world.ids["child"]: {"B6": "yes"}},
        expected_version=1,
    )
    instruments.complete_administration(
        actor=vss, access=case_access, administration=done, decisions={}, expected_version=2
    )


@pytest.mark.parametrize("side", ["victim_side", "perpetrator_side"])
def test_the_task_list_and_the_childrens_levels_are_the_same_from_the_one_read(world, side):
    set_aside_open_checklist(world)
    complete_checklist(world)
    today = datetime.date.today()
    case_access = access.case_for(world.people[side], world.case.pk)
    agencies = list(access.agencies_for(case_access))
    children = [p for p in access.persons_for(case_access) if p.role == "child"]
    read = queries.case_page_administrations(case_access)
    assert read  # the completed checklist is in it
    assert tasklist.gather_facts(case_access, agencies, today, read) == tasklist.gather_facts(
        case_access, agencies, today
    )
    given = children_risk(case_access, children, read)
    alone = children_risk(access.case_for(world.people[side], world.case.pk), children)
    assert given is not None
    assert (given.administration.pk, given.rows, given.highest, given.agreed) == (
        alone.administration.pk,
        alone.rows,
        alone.highest,
        alone.agreed,
    )
