"""A row of the action plan can concern one child of the case: chosen by label (by name on
the victim side only), checked to be a child of the same case, shown in the table and the PDF
by label."""

import pytest
from django.core.exceptions import ValidationError

from asap.cases import access
from asap.cases import services as cases
from asap.core.scopes import named_scope
from asap.plans import services
from asap.plans.models import ActionItem
from tests.plans.conftest import pdf_text
from tests.plans.test_screens import add, url

pytestmark = pytest.mark.django_db
NAME = "CANARYPLANCHILD7f3a"


def child_of(couple, name: str = NAME, case=None):
    case = case or couple.case
    return cases.add_person(
        actor=couple.vss,
        access=access.case_for(couple.vss, case.pk),
        role="child",
        name=name,
        year_of_birth=2017,
    )


ROW = {
    "need": "Safe school run",
    "action": "The school is told who collects the child",
    "term": "2026-04-01",
    "responsible": "Centre",
    "compartment": "joint",
}


def test_the_form_offers_the_children_by_label_and_by_name_on_the_victim_side_only(
    couple, signed_in_client
):
    child = child_of(couple)
    victim = signed_in_client(couple.vss).get(url("add", couple)).content.decode()
    assert f'<option value="{child.pk}">{NAME}</option>' in victim
    for who in (couple.pp, couple.police):
        body = signed_in_client(who).get(url("add", couple)).content.decode()
        assert f'<option value="{child.pk}">Child 1</option>' in body
        assert NAME not in body


def test_a_row_concerning_a_child_shows_its_label_in_the_table_and_the_pdf(
    couple, signed_in_client
):
    child = child_of(couple)
    victim = signed_in_client(couple.vss)
    response = victim.post(url("add", couple), {**ROW, "child": str(child.pk)})
    assert response.status_code == 302
    with named_scope("test"):
        item = ActionItem.objects.get()
    assert item.child_id == child.pk
    programme = signed_in_client(couple.pp)
    table = programme.get(url("list", couple)).content.decode()
    assert "Concerns Child 1" in table
    assert NAME not in table
    pdf = pdf_text(programme.get(url("pdf", couple)).content)
    assert "ConcernsthechildChild1" in pdf  # the text comes back without whitespace
    assert NAME not in pdf
    # Changing the row keeps the child unless it is changed; "the whole family" clears it.
    edit = programme.get(url("edit", couple, item.pk)).content.decode()
    assert f'<option value="{child.pk}" selected>Child 1</option>' in edit


def test_a_child_of_another_case_is_refused_next_to_the_field(couple, signed_in_client):
    child_of(couple)
    other = cases.open_case(
        actor=couple.vss,
        organisation=couple.vss.active_memberships[0].organisation,
        perpetrator_name="Other man",
        victim_name="Other woman",
    )
    stranger = child_of(couple, "Other child", case=other)
    response = signed_in_client(couple.vss).post(
        url("add", couple), {**ROW, "child": str(stranger.pk)}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert 'value="Safe school run"' in response.content.decode() or "Safe school run" in (
        response.content.decode()
    )
    with named_scope("test"):
        assert not ActionItem.objects.exists()
    # The service refuses it too, whoever calls it (the meetings app, a script).
    with pytest.raises(ValidationError) as refused:
        add(couple, child=stranger)
    assert "child" in refused.value.message_dict
    woman = next(p for p in access.persons_for(couple.access(couple.vss)) if p.role == "victim")
    with pytest.raises(ValidationError):
        add(couple, child=access.person_for(couple.access(couple.vss), woman.pk))
    item = add(couple)
    with pytest.raises(ValidationError):
        services.update_action(
            actor=couple.vss,
            access=couple.access(couple.vss),
            item=item,
            expected_version=item.version,
            child=stranger,
        )


def test_the_plan_kept_after_a_meeting_says_which_child_by_label(couple, signed_in_client):
    child = child_of(couple)
    add(couple, child=child)
    snapshot = services.snapshot_plan(
        actor=couple.pp, access=couple.access(couple.pp), meeting_id=None
    )
    body = signed_in_client(couple.pp).get(url("snapshot", couple, snapshot.pk)).content.decode()
    assert "Concerns Child 1" in body
    assert NAME not in body
