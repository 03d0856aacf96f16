"""The action forms get the writer's access: a joint row the victim side writes that names
the woman is refused next to the field; her own side's row may name her; another side is
never told that a guess matches."""

import pytest
from django.urls import reverse

from asap.core.scopes import named_scope
from asap.plans.models import ActionItem

pytestmark = pytest.mark.django_db
REFUSED = "names the woman or a child"


def values(couple, who, **overrides) -> dict:
    return {
        "need": "A safe place for Anna",
        "action": "Shelter",
        "term": "2026-04-01",
        "responsible": "Centre",
        "responsible_user": str(who.pk),
        **overrides,
    }


def add(client, couple, data):
    return client.post(reverse("plans:add", args=[couple.case.pk]), data)


def test_a_joint_row_naming_her_is_refused_for_the_victim_side(couple, signed_in_client):
    data = values(couple, couple.vss, compartment="joint")
    response = add(signed_in_client(couple.vss), couple, data)
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    with named_scope("test"):
        assert not ActionItem.objects.exists()


def test_her_own_sides_row_may_name_her(couple, signed_in_client):
    data = values(couple, couple.vss, compartment="victim")
    assert add(signed_in_client(couple.vss), couple, data).status_code == 302


def test_another_side_is_never_refused_for_a_name(couple, signed_in_client):
    response = add(signed_in_client(couple.pp), couple, values(couple, couple.pp))
    assert response.status_code == 302


def test_changing_a_joint_row_to_name_her_is_refused(couple, signed_in_client):
    client = signed_in_client(couple.vss)
    assert (
        add(
            client, couple, values(couple, couple.vss, need="Safe place", compartment="joint")
        ).status_code
        == 302
    )
    with named_scope("test"):
        item = ActionItem.objects.get()
    response = client.post(
        reverse("plans:edit", args=[couple.case.pk, item.pk]),
        {**values(couple, couple.vss), "status": "open", "version": "1"},
    )
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
