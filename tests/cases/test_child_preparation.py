"""A child's preparation records who consented and whether a court or guardian route was
needed; the man is the perpetrator, so his consent alone never opens his child's assessment."""

import pytest

from asap.cases import access
from asap.cases.models import ChildAssessmentPreparation
from asap.core.scopes import named_scope

pytestmark = pytest.mark.django_db

PRINCIPLES = {
    "parent_consent_on": "2026-02-01",
    "child_informed": "on",
    "child_agrees": "on",
    "support_person": "grandmother",
    "rights_explained": "on",
    "version": "",
}


def url(world) -> str:
    return f"/cases/{world.case.pk}/children/{world.ids['child']}/preparation/"


def preparation(world) -> ChildAssessmentPreparation:
    with named_scope("test"):
        return ChildAssessmentPreparation.objects.get(child_id=world.ids["child"])


def ready_for(world, who: str) -> bool:
    case_access = access.case_for(world.people[who], world.case.pk)
    (child,) = access.children_of(case_access)
    return child.preparation.is_ready


@pytest.mark.parametrize(
    ("who", "route", "ready"),
    [
        ("mother", "", True),
        ("both", "", True),
        ("guardian", "", True),
        ("court", "on", True),
        ("guardian", "on", True),
        ("father", "", False),  # the perpetrator's consent alone
        ("", "", False),  # who consented is not recorded
    ],
)
def test_the_consent_opens_the_assessment_only_through_the_non_offending_parent_or_a_court(
    world, who, route, ready
):
    client = world.client("child_protection_lead")
    data = {**PRINCIPLES, "consenting_parent": who}
    if route:
        data["court_or_guardian_route"] = route
    assert client.post(url(world), data).status_code == 302
    saved = preparation(world)
    assert (saved.consenting_parent, saved.court_or_guardian_route) == (who, bool(route))
    assert saved.is_ready is ready
    # Every side reads the same readiness (a joint record).
    assert ready_for(world, "perpetrator_side") is ready
    assert ready_for(world, "victim_side") is ready


def test_the_page_says_why_the_fathers_consent_is_not_enough(world):
    client = world.client("victim_side")
    assert client.post(url(world), {**PRINCIPLES, "consenting_parent": "father"}).status_code == 302
    body = client.get(url(world)).content.decode()
    assert "not ready to assess" in body
    assert "he is the perpetrator" in body
    assert 'value="father" selected' in body


def test_a_court_or_guardian_route_needs_the_guardian_or_the_court_to_consent(world):
    client = world.client("victim_side")
    data = {**PRINCIPLES, "consenting_parent": "mother", "court_or_guardian_route": "on"}
    response = client.post(url(world), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "a guardian or a court consents" in body
    assert 'value="mother" selected' in body  # the input is kept
    with named_scope("test"):
        assert not ChildAssessmentPreparation.objects.filter(child_id=world.ids["child"]).exists()


def test_who_consented_needs_the_date_of_the_consent(world):
    client = world.client("victim_side")
    data = {**PRINCIPLES, "parent_consent_on": "", "consenting_parent": "mother"}
    data.pop("child_informed"), data.pop("child_agrees")
    response = client.post(url(world), data)
    assert response.status_code == 400
    assert "Give the date of the consent" in response.content.decode()


def test_the_preparation_is_per_child(world):
    vss = world.people["victim_side"]
    vss_access = access.case_for(vss, world.case.pk)
    from asap.cases import services

    second = services.add_person(
        actor=vss, access=vss_access, role="child", name="Second child", year_of_birth=2019
    )
    client = world.client("victim_side")
    assert client.post(url(world), {**PRINCIPLES, "consenting_parent": "mother"}).status_code == 302
    other = f"/cases/{world.case.pk}/children/{second.pk}/preparation/"
    data = {**PRINCIPLES, "consenting_parent": "court", "court_or_guardian_route": "on"}
    assert client.post(other, data).status_code == 302
    with named_scope("test"):
        rows = {
            p.child_id: (p.consenting_parent, p.court_or_guardian_route)
            for p in ChildAssessmentPreparation.objects.all()
        }
    assert rows == {world.ids["child"]: ("mother", False), second.pk: ("court", True)}
