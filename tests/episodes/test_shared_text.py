"""The episode forms get the writer's access: a victim-side note another side reads (her
episode once shared) that names the woman is refused; her unshared episode may name her;
another side is never told that a guess matches."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
REFUSED = "names the woman"


def form(note: str) -> dict:
    return {
        "date_from": "2026-01-06",
        "forms_of_violence": ["verbal"],
        "severity": "medium",
        "children_present": "unknown",
        "note": note,
        "version": "1",
    }


def edit(world, who: str, name: str, note: str):
    address = reverse("episodes:edit", args=[world.case.pk, world.ids[name]])
    return world.client(who).post(address, form(note))


def test_a_shared_episode_naming_her_is_refused(world):
    response = edit(world, "victim_side", "episode_shared", f"{world.canaries['victim_name']} hid")
    assert response.status_code == 400
    assert REFUSED in response.content.decode()


def test_her_unshared_episode_may_name_her(world):
    note = f"{world.canaries['victim_name']} hid"
    assert edit(world, "victim_side", "episode_victim", note).status_code == 302


def test_the_programme_is_never_refused_for_a_name(world):
    response = world.client("perpetrator_side").post(
        reverse("episodes:add", args=[world.case.pk]),
        form(f"He named {world.canaries['victim_name']}"),
    )
    assert response.status_code == 302


def test_her_new_episode_may_name_her(world):
    response = world.client("victim_side").post(
        reverse("episodes:add", args=[world.case.pk]),
        form(f"{world.canaries['victim_name']} hid at a friend's"),
    )
    assert response.status_code == 302
