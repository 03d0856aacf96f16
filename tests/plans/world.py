"""The plans of the world's case, planted through the services.

Canaries go in every protected part of the IT safety plan, and also in the victim-side
parts and a victim-side action: those must not reach anyone outside the victim side either.
The joint action and the accountability area carry plain markers every member may read.
"""

import datetime

from asap.cases import access
from asap.cases.enums import Compartment
from asap.plans import services
from asap.plans.enums import StalkerwareDecision, StalkerwareFound
from tests.cases.world import canary

JOINT_NEED = "JOINT-ACTION-NEED-4b7e"
ACCOUNTABILITY = "ACCOUNTABILITY-AREA-c81d"
SAFETY_CANARIES = {
    "stopping_violence": "safety_stopping_violence",
    "new_accounts": "safety_new_accounts",
    "safe_channel": "safety_safe_channel",
    "safe_device": "safety_safe_device",
    "online_accounts": "safety_online_accounts",
    "escalation": "safety_escalation",
    "stalkerware_reason": "safety_stalkerware_reason",
}
ACTION_CANARIES = ["action_need", "action_action", "action_responsible", "action_dropped"]


def plant(case, people, canaries) -> dict[str, int]:
    """A joint action (overdue) the perpetrator side added; a victim-side action (overdue)
    and a dropped one; the plan kept after a meeting; the IT safety plan filled in."""
    for name in [*SAFETY_CANARIES.values(), *ACTION_CANARIES]:
        canaries[name] = canary(name)
    vss, pp = people["victim_side"], people["perpetrator_side"]
    vss_access, pp_access = access.case_for(vss, case.pk), access.case_for(pp, case.pk)
    joint = services.add_action(
        actor=pp,
        access=pp_access,
        need=JOINT_NEED,
        action="Group work on accountability (joint action)",
        term=datetime.date(2026, 2, 1),
        responsible="Programme (world)",
        responsible_user=pp,
    )
    victim = services.add_action(
        actor=vss,
        access=vss_access,
        need=canaries["action_need"],
        action=canaries["action_action"],
        term=datetime.date(2026, 2, 15),
        responsible=canaries["action_responsible"],
        responsible_user=vss,
        compartment=Compartment.VICTIM,
    )
    dropped = services.add_action(
        actor=vss,
        access=vss_access,
        need="A victim-side need (dropped)",
        action="A victim-side action (dropped)",
        term=datetime.date(2026, 3, 1),
        responsible="Shelter (world)",
        compartment=Compartment.VICTIM,
    )
    services.update_action(
        actor=vss,
        access=vss_access,
        item=dropped,
        expected_version=dropped.version,
        status="dropped",
        dropped_reason=canaries["action_dropped"],
    )
    snapshot = services.snapshot_plan(actor=vss, access=vss_access, meeting_id=None)
    services.save_safety_plan(
        actor=vss,
        access=vss_access,
        expected_version=0,
        accountability=ACCOUNTABILITY,
        stalkerware_found=StalkerwareFound.FOUND,
        stalkerware_decision=StalkerwareDecision.LEAVE,
        **{field: canaries[name] for field, name in SAFETY_CANARIES.items()},
    )
    return {"action_joint": joint.pk, "action_victim": victim.pk, "snapshot": snapshot.pk}
