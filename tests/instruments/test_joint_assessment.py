"""A joint risk assessment: both sides answer, differences show, protected answers stay on
the victim side, the agreed result keeps the rule level, the final level and the reason."""

import re

import pytest
from django.core import mail

from asap.cases.models import JointCase
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from asap.instruments.models import Administration, SectionResult
from tests.instruments.setup import set_aside_open_checklist

pytestmark = pytest.mark.django_db


def url(world, name: str = "") -> str:
    return f"/cases/{world.case.pk}/assessments/{world.ids['risk']}/{name}"


def version_of(body: str) -> str:
    return re.search(r'name="version" value="(\d+)"', body)[1]


def test_the_programme_sees_where_the_sides_differ_but_no_protected_answer(world):
    victim_body = world.client("victim_side").get(url(world)).content.decode()
    body = world.client("perpetrator_side").get(url(world)).content.decode()
    # A11: the centre said yes, the programme no: marked as differing on both sides.
    assert body.count("answers differ") == victim_body.count("answers differ") == 1
    a11 = body[body.index("q-A11") : body.index("q-A12")]
    assert "answers differ" in a11
    assert "Victim support service: Yes" in a11
    # A5 (she plans to leave) is protected; A10 (her fear) is hers: neither row reaches him.
    assert 'id="q-A5"' not in body
    assert 'id="q-A10"' not in body
    assert re.search(r'name="item_A5" value="yes"[^>]*checked', victim_body)


def test_a_protected_text_answer_never_reaches_the_programme(world):
    safe = f"/cases/{world.case.pk}/assessments/{world.ids['safe_place']}/"
    assert (
        world.canaries["protected_answer"] in world.client("victim_side").get(safe).content.decode()
    )
    body = world.client("perpetrator_side").get(safe).content.decode()
    assert world.canaries["protected_answer"] not in body


def test_agreeing_keeps_the_rule_level_the_final_level_and_the_reason(
    world, django_capture_on_commit_callbacks
):
    # Joint means both sides: the programme proposes, the centre confirms; only then is the
    # level the case's and the alert sent (it used to follow one side's completion alone).
    client = world.client("perpetrator_side")
    body = client.get(url(world, "result/")).content.decode()
    # Section B is agreed per child: the world's one child, answered for all the children.
    b = f"B@{world.ids['child']}"
    # A: A5 and A10 serious (yes from the centre) → high. B: one intermediate yes → low.
    assert "The rule gives: High" in body
    assert "The rule gives: Low" in body
    version = version_of(body)
    lowered = client.post(
        url(world, "result/"),
        {
            "version": version,
            "final_A": "intermediate",
            f"final_{b}": "low",
            "reason_A": "",
            f"reason_{b}": "",
        },
    )
    assert lowered.status_code == 400
    assert "never lowered below the rule" in lowered.content.decode()
    no_reason = client.post(
        url(world, "result/"),
        {
            "version": version,
            "final_A": "high",
            f"final_{b}": "intermediate",
            "reason_A": "",
            f"reason_{b}": "",
        },
    )
    assert no_reason.status_code == 400
    assert "Say why professional judgement raises the level" in no_reason.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url(world, "result/"),
            {
                "version": version,
                "final_A": "high",
                f"final_{b}": "intermediate",
                "reason_A": "",
                f"reason_{b}": "The children were present at the last two incidents",
            },
        )
    assert done.status_code == 302
    with named_scope("test"):
        results = {
            (r.section, r.child_id): (r.rule_level, r.final_level, r.reason)
            for r in SectionResult.objects.filter(administration_id=world.ids["risk"])
        }
    assert results == {
        ("A", None): ("high", "high", ""),
        ("B", world.ids["child"]): (
            "low",
            "intermediate",
            "The children were present at the last two incidents",
        ),
    }
    assert JointCase.objects.get(pk=world.case.pk).risk_level != "high"  # proposed only
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = world.client("victim_side").post(url(world, "confirm/"))
    assert confirmed.status_code == 302
    assert JointCase.objects.get(pk=world.case.pk).risk_level == "high"
    members = {
        m.email
        for m in world.people.values()
        if m.case_memberships.filter(case=world.case, is_active=True).exists()
    }
    alerted = {to for message in mail.outbox for to in message.to}
    assert alerted == members
    assert all(world.canaries["victim_name"] not in m.body for m in mail.outbox)
    assert AuditEvent.objects.filter(action="instrument.complete").count() == 1
    assert AuditEvent.objects.filter(action="instrument.confirm").count() == 2


def test_a_completed_assessment_is_not_changed(world):
    b = f"B@{world.ids['child']}"
    client = world.client("victim_side")
    body = client.get(url(world, "result/")).content.decode()
    client.post(
        url(world, "result/"),
        {
            "version": version_of(body),
            "final_A": "high",
            f"final_{b}": "low",
            "reason_A": "",
            f"reason_{b}": "",
        },
    )
    with named_scope("test"):
        assert Administration.objects.get(pk=world.ids["risk"]).status == "completed"
    assert client.post(url(world), {"version": "9", "item_A1": "yes"}).status_code == 403
    assert client.get(url(world, "result/")).status_code == 403


def test_answers_saved_by_someone_else_meanwhile_are_not_overwritten(world):
    first, second = world.client("victim_side"), world.client("perpetrator_side")
    opened = version_of(second.get(url(world)).content.decode())
    assert first.post(url(world), {"version": opened, "item_A1": "yes"}).status_code == 302
    response = second.post(url(world), {"version": opened, "item_A1": "no"})
    assert response.status_code == 409
    assert "Someone else changed this record" in response.content.decode()


def test_the_assessments_page_runs_the_same_queries_with_one_and_three_assessments(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from asap.cases import access
    from asap.instruments import services

    vss = world.people["victim_side"]
    client = world.client("victim_side")
    page = f"/cases/{world.case.pk}/assessments/"

    set_aside_open_checklist(world)

    def complete_one() -> None:
        case_access = access.case_for(vss, world.case.pk)
        done = services.start_administration(actor=vss, access=case_access, key="risk-checklist")
        services.save_answers(
            actor=vss,
            access=case_access,
            administration=done,
            answers={"A1": "yes"},
            expected_version=1,
        )
        services.complete_administration(
            actor=vss, access=case_access, administration=done, decisions={}, expected_version=2
        )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page).status_code == 200
        return len(captured)

    queries()  # the session's first page writes its last-seen time (once a minute)
    complete_one()
    one = queries()
    complete_one()
    complete_one()
    assert queries() == one


def test_the_service_refuses_a_lowered_level_and_a_raise_without_reason(world):
    from asap.cases import access
    from asap.instruments import services

    vss = world.people["victim_side"]
    case_access = access.case_for(vss, world.case.pk)
    with named_scope("test"):
        administration = Administration.objects.get(pk=world.ids["risk"])
    with pytest.raises(services.LevelLoweredError):
        services.complete_administration(
            actor=vss,
            access=case_access,
            administration=administration,
            decisions={"A": ("low", "she seems calmer")},
            expected_version=administration.version,
        )
    with pytest.raises(ValueError, match="B"):
        services.complete_administration(
            actor=vss,
            access=case_access,
            administration=administration,
            decisions={"B": ("high", "  ")},
            expected_version=administration.version,
        )
    with named_scope("test"):
        assert Administration.objects.get(pk=world.ids["risk"]).status == "open"
        assert not SectionResult.objects.filter(administration=administration).exists()
