"""Two actions in a row: "Save and add another" saves one and opens the form again."""

import pytest
from django.urls import reverse

from asap.core.scopes import named_scope
from asap.plans.models import ActionItem

pytestmark = pytest.mark.django_db


def action(need: str) -> dict[str, str]:
    return {
        "need": need,
        "action": f"Action for {need}",
        "term": "2026-04-01",
        "responsible": "Contact centre",
    }


def test_save_and_add_another_opens_the_form_again_then_save_goes_to_the_plan(
    couple, signed_in_client
):
    client = signed_in_client(couple.pp)
    add = reverse("plans:add", args=[couple.case.pk])
    form = client.get(add).content.decode()
    assert 'name="add_another"' in form
    first = client.post(add, action("Safe handovers") | {"add_another": "1"})
    assert first.status_code == 302
    assert first["Location"] == f"{add}?added=1"
    again = client.get(first["Location"]).content.decode()
    assert "The action was added to the plan." in again
    assert "1 action added so far." in again
    second = client.post(first["Location"], action("His accountability"))
    assert second.status_code == 302
    assert second["Location"] == reverse("plans:list", args=[couple.case.pk])
    with named_scope("test"):
        needs = sorted(ActionItem.objects.values_list("need", flat=True))
    assert needs == ["His accountability", "Safe handovers"]
