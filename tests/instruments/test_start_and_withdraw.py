"""One joint checklist per case at a time: the side that comes second answers the one the
other side started ("Answer your part"), never a second one; one started by mistake is
withdrawn (audited, on the timeline), off the lists but in the audit trail. Once both sides
answered, agreeing is one step; once agreed, the plan and the first review are offered."""

import re

import pytest

from asap.cases import access
from asap.cases.enums import EntryKind
from asap.cases.models import TimelineEntry
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from asap.instruments import services
from asap.instruments.models import Administration, Answer
from tests.cases.test_closure import close
from tests.instruments.setup import set_aside_open_checklist

pytestmark = pytest.mark.django_db


def assessments(world) -> str:
    return f"/cases/{world.case.pk}/assessments/"


def risk_checklists(world) -> list[Administration]:
    with named_scope("test"):
        return list(Administration.objects.filter(case=world.case, definition_key="risk-checklist"))


def test_the_service_refuses_a_second_open_joint_checklist_and_names_the_open_one(world):
    pp = world.people["perpetrator_side"]
    pp_access = access.case_for(pp, world.case.pk)
    with pytest.raises(services.AlreadyStartedError) as refused:
        services.start_administration(actor=pp, access=pp_access, key="risk-checklist")
    assert refused.value.administration.pk == world.ids["risk"]
    assert len(risk_checklists(world)) == 1
    # Her own questionnaire is not a joint instrument: a second one may be started.
    vss = world.people["victim_side"]
    vss_access = access.case_for(vss, world.case.pk)
    services.start_administration(actor=vss, access=vss_access, key="outcome-victim")


def test_pressing_start_again_opens_the_checklist_already_started(world):
    client = world.client("perpetrator_side")
    response = client.post(f"{assessments(world)}start/", {"key": "risk-checklist"})
    assert response.status_code == 302
    assert response["Location"] == f"{assessments(world)}{world.ids['risk']}/"
    assert len(risk_checklists(world)) == 1
    assert not AuditEvent.objects.filter(
        action="instrument.start", actor=world.people["perpetrator_side"]
    ).exists()


def test_the_other_side_is_offered_to_answer_its_part_not_to_start(world):
    answer = f"{assessments(world)}{world.ids['risk']}/"
    body = world.client("perpetrator_side").get(assessments(world)).content.decode()
    start = body[body.index('id="start-heading"') : body.index('id="done-heading"')]
    link = re.search(rf'<a class="btn btn-primary" href="{answer}">([^<]*)</a>', start)
    assert link
    assert link[1].startswith("Answer your part: Risk Assessment Checklist")
    assert 'value="risk-checklist"' not in start  # no "Start" button for it
    # The side that started it continues it.
    mine = world.client("victim_side").get(assessments(world)).content.decode()
    assert re.search(rf'href="{answer}">Continue: Risk Assessment Checklist', mine)
    # Once none is open, the start button is back.
    set_aside_open_checklist(world)
    body = world.client("perpetrator_side").get(assessments(world)).content.decode()
    start = body[body.index('id="start-heading"') : body.index('id="done-heading"')]
    assert 'value="risk-checklist"' in start
    assert "Answer your part" not in start


def test_a_checklist_started_by_mistake_is_withdrawn_audited_and_on_the_timeline(world):
    set_aside_open_checklist(world)
    client = world.client("perpetrator_side")
    started = client.post(f"{assessments(world)}start/", {"key": "risk-checklist"})
    mistake = int(started["Location"].rstrip("/").rsplit("/", 1)[1])
    withdraw = f"{assessments(world)}{mistake}/withdraw/"
    assert "Withdraw the assessment" in client.get(withdraw).content.decode()
    # Without the confirmation, nothing happens.
    assert client.post(withdraw).status_code == 400
    response = client.post(withdraw, {"confirm": "1"})
    assert response.status_code == 302
    assert response["Location"] == assessments(world)
    with named_scope("test"):
        assert Administration.objects.get(pk=mistake).status == "withdrawn"
        entry = TimelineEntry.objects.filter(case=world.case).latest("pk")
    assert entry.title.startswith("Assessment withdrawn: Risk Assessment Checklist")
    assert (entry.kind, entry.compartment) == (EntryKind.ASSESSMENT_WITHDRAWN, "joint")
    event = AuditEvent.objects.filter(action="instrument.withdraw").get()
    assert (event.object_id, event.actor) == (str(mistake), world.people["perpetrator_side"])
    # Off the list (and its page), the start button back; its audit rows stay.
    body = client.get(assessments(world)).content.decode()
    assert f"/assessments/{mistake}/" not in body
    assert client.get(f"{assessments(world)}{mistake}/").status_code == 404
    assert AuditEvent.objects.filter(action="instrument.start", object_id=str(mistake)).exists()
    # The timeline of the other side says so too.
    timeline = world.client("victim_side").get(f"/cases/{world.case.pk}/timeline/")
    assert "Assessment withdrawn" in timeline.content.decode()


def test_a_checklist_the_other_side_answered_is_not_withdrawn(world):
    # The world's checklist: both sides answered it.
    withdraw = f"{assessments(world)}{world.ids['risk']}/withdraw/"
    client = world.client("perpetrator_side")
    assert "can no longer be withdrawn" in client.get(withdraw).content.decode()
    assert client.post(withdraw, {"confirm": "1"}).status_code == 409
    with named_scope("test"):
        assert Administration.objects.get(pk=world.ids["risk"]).status == "open"
    assert not AuditEvent.objects.filter(action="instrument.withdraw").exists()


def test_her_answers_the_programme_cannot_read_still_stop_its_withdrawal(world):
    """The programme started a checklist; her side answered only an item the programme never
    reads (she plans to leave, A5). Withdrawing would hide her answer: refused, with the same
    words as for any answer of another side, nothing changed."""
    set_aside_open_checklist(world)
    pp, vss = world.people["perpetrator_side"], world.people["victim_side"]
    pp_access, vss_access = (access.case_for(p, world.case.pk) for p in (pp, vss))
    started = services.start_administration(actor=pp, access=pp_access, key="risk-checklist")
    services.save_answers(
        actor=vss,
        access=vss_access,
        administration=started,
        answers={"A5": "yes"},
        expected_version=started.version,
    )
    with named_scope("test"):
        assert Answer.objects.filter(administration=started, item="A5").exists()
    assert not Answer.objects.visible_to(pp_access).filter(administration=started).exists()
    withdraw = f"{assessments(world)}{started.pk}/withdraw/"
    client = world.client("perpetrator_side")
    assert "can no longer be withdrawn" in client.get(withdraw).content.decode()
    assert client.post(withdraw, {"confirm": "1"}).status_code == 409
    with named_scope("test"):
        assert Administration.objects.get(pk=started.pk).status == "open"


def test_withdrawing_is_refused_to_non_members_and_on_a_closed_case(world):
    withdraw = f"{assessments(world)}{world.ids['risk']}/withdraw/"
    assert world.client("unrelated").post(withdraw, {"confirm": "1"}).status_code == 404
    assert world.client("coordinator").post(withdraw, {"confirm": "1"}).status_code == 403
    # A checklist only her side has answered yet, on a closed case: refused, nothing saved.
    set_aside_open_checklist(world)
    vss = world.people["victim_side"]
    mistake = services.start_administration(
        actor=vss, access=access.case_for(vss, world.case.pk), key="risk-checklist"
    )
    assert close(world).status_code == 302
    response = world.client("victim_side").post(
        f"{assessments(world)}{mistake.pk}/withdraw/", {"confirm": "1"}
    )
    assert response.status_code == 423
    with named_scope("test"):
        assert Administration.objects.get(pk=mistake.pk).status == "open"
    assert not AuditEvent.objects.filter(action="instrument.withdraw").exists()


def test_once_both_sides_answered_agreeing_is_the_first_action_after_the_heading(world):
    body = world.client("perpetrator_side").get(f"{assessments(world)}{world.ids['risk']}/")
    html = body.content.decode()
    after_heading = html[html.index("</h1>") :]
    first = re.search(r"<(a|button|input|select|textarea)\b[^>]*>", after_heading)
    assert "/result/" in first[0]
    assert "btn-primary" in first[0]
    assert "Perpetrator programme, Victim support service" in after_heading
    # The instrument by its title and version, never by its key (a code).
    assert "risk-checklist" not in after_heading.split("<form", 1)[0]
    assert "Version 1 · " in after_heading


def test_saving_the_last_answers_can_lead_straight_to_agreeing(world):
    url = f"{assessments(world)}{world.ids['risk']}/"
    pp = world.client("perpetrator_side")
    body = pp.get(url).content.decode()
    assert 'name="then_agree"' in body  # the other side answered: offered beside "Save"
    version = re.search(r'name="version" value="(\d+)"', body)[1]
    response = pp.post(url, {"version": version, "item_A1": "yes", "then_agree": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}result/"
    saved = pp.post(url, {"version": str(int(version) + 1), "item_A1": "no"})
    assert saved["Location"] == url  # plain "Save": back on the checklist


def test_saving_and_agreeing_is_not_offered_before_the_other_side_answered(world):
    set_aside_open_checklist(world)
    vss = world.people["victim_side"]
    fresh = services.start_administration(
        actor=vss, access=access.case_for(vss, world.case.pk), key="risk-checklist"
    )
    html = world.client("victim_side").get(f"{assessments(world)}{fresh.pk}/").content.decode()
    assert "Save my side&#x27;s answers" in html
    assert 'name="then_agree"' not in html


def test_a_side_that_has_not_answered_yet_is_not_asked_to_agree(world):
    set_aside_open_checklist(world)
    vss = world.people["victim_side"]
    fresh = services.start_administration(
        actor=vss, access=access.case_for(vss, world.case.pk), key="risk-checklist"
    )
    html = world.client("perpetrator_side").get(f"{assessments(world)}{fresh.pk}/").content
    assert "Next: agree the result" not in html.decode()


def test_after_agreeing_the_plan_and_the_first_review_are_offered(world):
    url = f"{assessments(world)}{world.ids['risk']}/"
    pp = world.client("perpetrator_side")
    form = pp.get(f"{url}result/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', form)[1]
    b = f"B@{world.ids['child']}"
    response = pp.post(
        f"{url}result/",
        {"version": version, "final_A": "high", f"final_{b}": "low"},
    )
    assert response.status_code == 302
    assert response["Location"] == url  # the checklist: who has still to confirm
    proposed = pp.get(url).content.decode()
    assert "Awaiting the confirmation of" in proposed
    assert "Schedule the first review meeting" not in proposed
    confirmed = world.client("victim_side").post(f"{url}confirm/")
    assert confirmed["Location"] == url
    for who in ("victim_side", "perpetrator_side"):
        body = world.client(who).get(url).content.decode()
        plan = f'href="/cases/{world.case.pk}/plan/add/">Add actions to the plan</a>'
        assert plan in body
        review = re.search(
            rf'href="/cases/{world.case.pk}/meetings/schedule/\?([^"]*)">'
            r"Schedule the first review meeting</a>",
            body,
        )
        assert review
        assert "type=periodic_review" in review[1]
