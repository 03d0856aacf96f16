"""Rules of the plans, shared by forms (to show the message next to the field) and services
(so that no caller can skip them). Each returns field → message; empty means allowed."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from asap.cases.enums import OWN_COMPARTMENTS, PersonRole
from asap.plans.enums import ActionStatus, StalkerwareDecision, StalkerwareFound


def action_problems(*, status: str, dropped_reason: str) -> dict[str, str]:
    """A dropped action says why it was dropped."""
    if status == ActionStatus.DROPPED and not (dropped_reason or "").strip():
        return {"dropped_reason": _("Say why the action was dropped.")}
    return {}


def child_problems(*, child: Any, case_id: int) -> dict[str, str]:
    """A row concerns one child of its own case, or none (the whole family)."""
    if child is not None and (child.case_id != case_id or child.role != PersonRole.CHILD):
        return {"child": _("Choose a child of this case.")}
    return {}


def responsible_problems(*, side: str | None, compartment: str) -> dict[str, str]:
    """The reminded worker must be able to read the action: a victim-side action is
    reminded to a victim-side worker only."""
    if compartment not in OWN_COMPARTMENTS.get(side or "", frozenset()):
        return {"responsible_user": _("This worker's side cannot read this action.")}
    return {}


def stalkerware_problems(*, found: str, decision: str, reason: str) -> dict[str, str]:
    """Stalkerware found or suspected needs a decision; every decision needs its reason
    (removing it can alert him)."""
    problems = {}
    if found in (StalkerwareFound.FOUND, StalkerwareFound.SUSPECTED) and not decision:
        problems["stalkerware_decision"] = _(
            "Record what was decided about the stalkerware found or suspected."
        )
    if decision and decision != StalkerwareDecision.UNDECIDED and not (reason or "").strip():
        problems["stalkerware_reason"] = _("Give the reason for this decision.")
    return problems
