"""The case's task list per phase: each status from facts (pure), and from the database as
each side may read it (a victim-side-only fact never changes the other sides' list)."""

import datetime

from asap.cases import access, services
from asap.cases.enums import AgencyStatus, Compartment, Phase, Side
from asap.cases.tasklist import (
    CANNOT_START,
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    Facts,
    build_task_list,
    gather_facts,
    task_list_for,
)

TODAY = datetime.date(2026, 3, 2)
BOTH_IN = (
    (Side.VICTIM, AgencyStatus.ACTIVE),
    (Side.PERPETRATOR, AgencyStatus.ACTIVE),
)


def facts(**values) -> Facts:
    base = {"case_id": 1, "side": Side.VICTIM, "phase": Phase.REFERRAL, "is_open": True}
    if values.get("side", Side.VICTIM) == Side.VICTIM and "her_consent" not in values:
        values.setdefault("her_consent", frozenset())
    return Facts(**(base | values))


def statuses(task_list) -> dict[str, str]:
    return {task.key: task.status for phase in task_list.phases for task in phase.tasks}


# --- statuses from facts -------------------------------------------------------------------


def test_a_new_case_of_the_victim_side_starts_with_her_consent():
    tasks = build_task_list(facts(agencies=((Side.VICTIM, AgencyStatus.ACTIVE),)))
    assert statuses(tasks) == {
        "consent": NOT_STARTED,
        "agencies": NOT_STARTED,
        "checklist": CANNOT_START,
        "level": CANNOT_START,
        "plan": CANNOT_START,
        "review": CANNOT_START,  # after the level is agreed
        "outcome_start": CANNOT_START,
        "outcome_end": CANNOT_START,
    }
    assert tasks.next_task.key == "consent"
    assert tasks.next_phase is None


def test_an_invited_agency_is_in_progress_and_waits_on_the_agency():
    tasks = build_task_list(
        facts(
            her_consent=frozenset({"perpetrator_programme"}),
            agencies=((Side.VICTIM, AgencyStatus.ACTIVE), (Side.PERPETRATOR, "invited")),
        )
    )
    assert statuses(tasks)["agencies"] == IN_PROGRESS
    assert tasks.next_task is None  # nothing for this worker to do but wait
    assert tasks.next_phase is None


def test_referral_done_proposes_the_joint_assessment_unless_closed():
    done = {"her_consent": frozenset({"perpetrator_programme"}), "agencies": BOTH_IN}
    tasks = build_task_list(facts(**done))
    assert statuses(tasks)["checklist"] == NOT_STARTED
    assert tasks.next_phase == Phase.ASSESSMENT
    # The next step is the next phase's first task, whose button starts the checklist at
    # once; moving the phase on is offered beside it, not in its way.
    assert tasks.next_task.key == "checklist"
    assert tasks.next_task.start == "risk-checklist"
    assert build_task_list(facts(is_open=False, **done)).next_phase is None


def test_the_perpetrator_side_has_no_task_about_her_consent():
    tasks = build_task_list(
        facts(side=Side.PERPETRATOR, her_consent=None, his_waiver=frozenset(), agencies=BOTH_IN)
    )
    keys = [task.key for task in tasks.phases[0].tasks]
    assert keys == ["waiver", "agencies"]
    # His waiver is optional: the referral phase is done without it.
    assert tasks.next_phase == Phase.ASSESSMENT


def test_the_checklist_is_in_progress_until_both_sides_answered():
    common = {"phase": Phase.ASSESSMENT, "agencies": BOTH_IN, "checklist_id": 7}
    answered_by_her = build_task_list(facts(answered_sides=frozenset({Side.VICTIM}), **common))
    one = statuses(answered_by_her)
    assert (one["checklist"], one["level"]) == (IN_PROGRESS, CANNOT_START)
    # Her side answered: nothing to do but wait for the programme's answers; the programme's
    # next step is its part of the same checklist, never a second one.
    assert answered_by_her.next_task.key == "consent"  # not the checklist: hers is done
    consented = frozenset({"perpetrator_programme"})
    waiting = facts(answered_sides=frozenset({Side.VICTIM}), her_consent=consented, **common)
    assert build_task_list(waiting).next_task is None
    his = build_task_list(
        facts(
            side=Side.PERPETRATOR,
            her_consent=None,
            answered_sides=frozenset({Side.VICTIM}),
            **common,
        )
    )
    assert (his.next_task.key, his.next_task.start) == ("checklist", "")
    assert his.next_task.url == "/cases/1/assessments/7/"
    both = frozenset({Side.VICTIM, Side.PERPETRATOR})
    two = statuses(build_task_list(facts(answered_sides=both, **common)))
    assert (two["checklist"], two["level"]) == (COMPLETED, NOT_STARTED)
    proposed = statuses(
        build_task_list(facts(answered_sides=both, checklist_completed=True, **common))
    )
    assert proposed["level"] == IN_PROGRESS
    agreed = build_task_list(facts(answered_sides=both, risk_level="high", **common))
    assert statuses(agreed)["level"] == COMPLETED
    assert agreed.next_phase == Phase.INTERVENTION


def test_the_intervention_needs_a_plan_a_review_and_the_first_outcome_points():
    common = {"phase": Phase.INTERVENTION, "agencies": BOTH_IN, "risk_level": "low"}
    start = build_task_list(facts(outcome_points=(("T0", False), ("T1", False)), **common))
    assert [statuses(start)[k] for k in ("plan", "review", "outcome_start")] == [
        NOT_STARTED,
        NOT_STARTED,
        NOT_STARTED,
    ]
    assert start.next_task.key == "consent"  # an earlier phase's step still open comes first
    partly = facts(
        her_consent=frozenset({"perpetrator_programme"}),
        actions=2,
        review_meeting=True,
        outcome_points=(("T0", True), ("T1", False)),
        **common,
    )
    tasks = build_task_list(partly)
    assert statuses(tasks)["outcome_start"] == IN_PROGRESS
    assert tasks.next_task.key == "outcome_start"
    assert tasks.next_phase is None
    done = build_task_list(
        facts(**(partly.__dict__ | {"outcome_points": (("T0", True), ("T1", True))}))
    )
    assert done.next_phase == Phase.FOLLOW_UP


def test_the_last_phase_proposes_no_next_one():
    tasks = build_task_list(
        facts(
            phase=Phase.FOLLOW_UP,
            her_consent=frozenset({"perpetrator_programme"}),
            agencies=BOTH_IN,
            risk_level="low",
            actions=1,
            review_meeting=True,
            outcome_points=(("T0", True), ("T3", True), ("T4", True)),
        )
    )
    assert statuses(tasks)["outcome_end"] == COMPLETED
    assert tasks.phases[-1].is_done
    assert tasks.next_phase is None


# --- facts from the database, as each side may read them ---------------------------------


def lists(case, vss_worker, pp_worker):
    result = {}
    for who, user in [("victim", vss_worker), ("perpetrator", pp_worker)]:
        case_access = access.case_for(user, case.pk)
        result[who] = statuses(
            task_list_for(case_access, list(access.agencies_for(case_access)), TODAY)
        )
    return result


def test_her_consent_changes_the_victim_side_list_only(joint_case, vss_worker, pp_worker):
    before = lists(joint_case, vss_worker, pp_worker)
    assert before["victim"]["consent"] == NOT_STARTED
    assert "consent" not in before["perpetrator"]
    services.record_consent(
        actor=vss_worker,
        access=access.case_for(vss_worker, joint_case.pk),
        scopes=["perpetrator_programme"],
        given_on=datetime.date(2026, 1, 10),
    )
    after = lists(joint_case, vss_worker, pp_worker)
    assert after["victim"]["consent"] == COMPLETED
    assert after["perpetrator"] == before["perpetrator"]
    facts_pp = gather_facts(access.case_for(pp_worker, joint_case.pk), [], TODAY)
    assert facts_pp.her_consent is None


def test_a_victim_side_only_action_completes_the_plan_for_the_victim_side_only(
    joint_case, vss_worker, pp_worker
):
    vss_access = access.case_for(vss_worker, joint_case.pk)
    services.set_risk_level(actor=vss_worker, access=vss_access, risk_level="low", alert=False)
    before = lists(joint_case, vss_worker, pp_worker)
    assert before["victim"]["plan"] == before["perpetrator"]["plan"] == NOT_STARTED
    from asap.plans import services as plans

    plans.add_action(
        actor=vss_worker,
        access=access.case_for(vss_worker, joint_case.pk),
        need="Her safety at the school gate",
        action="Agree a safe handover",
        term=datetime.date(2026, 4, 1),
        responsible="VSS",
        compartment=Compartment.VICTIM,
    )
    after = lists(joint_case, vss_worker, pp_worker)
    assert after["victim"]["plan"] == COMPLETED
    assert after["perpetrator"] == before["perpetrator"]


def test_a_withdrawn_checklist_is_not_a_checklist_in_progress(joint_case, vss_worker, pp_worker):
    from asap.instruments import services as instruments

    vss_access = access.case_for(vss_worker, joint_case.pk)
    started = instruments.start_administration(
        actor=vss_worker, access=vss_access, key="risk-checklist"
    )
    assert lists(joint_case, vss_worker, pp_worker)["victim"]["checklist"] == IN_PROGRESS
    instruments.withdraw_administration(
        actor=vss_worker, access=vss_access, administration=started, title="Risk checklist"
    )
    after = lists(joint_case, vss_worker, pp_worker)
    assert (after["victim"]["checklist"], after["perpetrator"]["checklist"]) == (
        NOT_STARTED,
        NOT_STARTED,
    )
    assert gather_facts(access.case_for(vss_worker, joint_case.pk), [], TODAY).checklist_id is None


def test_the_task_list_reads_a_fixed_number_of_queries(joint_case, vss_worker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from asap.plans import services as plans

    vss_access = access.case_for(vss_worker, joint_case.pk)
    services.set_risk_level(actor=vss_worker, access=vss_access, risk_level="low", alert=False)

    def count() -> int:
        case_access = access.case_for(vss_worker, joint_case.pk)
        agencies = list(access.agencies_for(case_access))
        with CaptureQueriesContext(connection) as captured:
            task_list_for(case_access, agencies, TODAY)
        return len(captured)

    def add(n: int) -> None:
        for i in range(n):
            plans.add_action(
                actor=vss_worker,
                access=access.case_for(vss_worker, joint_case.pk),
                need=f"Need {i}",
                action=f"Action {i}",
                term=datetime.date(2026, 4, 1),
                responsible="VSS",
            )

    add(1)
    one = count()
    add(4)
    assert count() == one
