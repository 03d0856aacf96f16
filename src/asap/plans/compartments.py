"""Who may read each field of each plans model (see `asap.cases.compartments`).

"by record": the row's own `compartment` column decides (joint, or victim side only). The
safety plan's parts follow `SAFETY_PARTS`: the new accounts, the safe channel and her online
accounts are protected, his accountability is joint, the rest is victim side only.
"""

from django.db import models

from asap.cases.enums import Compartment
from asap.plans.enums import SAFETY_PARTS, STALKERWARE_FIELDS
from asap.plans.models import ActionItem, ActionReminder, PlanSnapshot, SafetyPlan

J, V, X = Compartment.JOINT, Compartment.VICTIM, Compartment.PROTECTED
BY_RECORD = "by record"

COMPARTMENTS: dict[type[models.Model], dict[str, str]] = {
    ActionItem: dict.fromkeys(
        [
            "id",
            "case",
            "need",
            "action",
            "term",
            "responsible",
            "responsible_user",
            "child",
            "status",
            "dropped_reason",
            "compartment",
            "recorded_side",
            "meeting_id",
            "created_by",
            "created_at",
            "last_changed_by",
            "last_changed_at",
            "version",
        ],
        BY_RECORD,
    ),
    # A snapshot keeps the joint rows only.
    PlanSnapshot: dict.fromkeys(["id", "case", "meeting_id", "taken_at", "taken_by", "rows"], J),
    ActionReminder: dict.fromkeys(["id", "item", "term", "sent_at"], BY_RECORD),
    SafetyPlan: {
        **dict.fromkeys(["id", "case", "version"], J),
        # Who changed the plan and when would tell the other side about her safety work.
        **dict.fromkeys(["updated_by", "updated_at"], V),
        **{part.field: part.compartment for part in SAFETY_PARTS},
        # Whether stalkerware was found, and what was decided, could alert him.
        **dict.fromkeys(STALKERWARE_FIELDS, X),
    },
}


def compartment_of(obj: models.Model, field: str) -> str:
    """The compartment of one field of one object."""
    declared = COMPARTMENTS[type(obj)][field]
    if declared != BY_RECORD:
        return declared
    if isinstance(obj, ActionReminder):
        return obj.item.compartment
    return obj.compartment
