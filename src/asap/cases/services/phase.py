"""Moving a case to the protocol's next phase, once a member confirms the case's proposal
(`asap.cases.tasklist` proposes it when the phase's steps are done)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asap.accounts.models import User
from asap.cases.access import CaseAccess, agencies_for
from asap.cases.enums import Compartment, EntryKind, Phase
from asap.cases.models import JointCase
from asap.cases.services.frozen import refuse_if_closed
from asap.cases.services.membership import _audit, _log
from asap.cases.tasklist import task_list_for
from asap.core.versioning import save_versioned

PHASES = list(Phase.values)


class PhaseMoveError(Exception):
    """The case is no longer in the phase the worker saw, or has no next phase."""


class PhaseNotDoneError(Exception):
    """The steps of the case's phase are not all completed, as the worker's side reads them."""


def next_phase(phase: str) -> str | None:
    """The phase after `phase`, or None after the last one."""
    index = PHASES.index(phase) if phase in PHASES else len(PHASES) - 1
    return PHASES[index + 1] if index + 1 < len(PHASES) else None


def move_to_next_phase(
    *, actor: User, access: CaseAccess, from_phase: str, expected_version: int
) -> JointCase:
    """Move the case from `from_phase` (the phase the worker saw) to the next one. Raises
    PhaseMoveError if the case has moved on or has no next phase, PhaseNotDoneError while
    a step of the phase is not completed in the actor's side's task list (the one the case
    page shows: the move is proposed only then), CaseClosedError on a closed case,
    ConcurrentEditError if the case was saved since `expected_version`.
    Side effects: timeline entry (joint); audit `case.phase`."""
    case = access.case
    target = next_phase(case.phase)
    if case.phase != from_phase or target is None:
        raise PhaseMoveError
    tasks = task_list_for(access, list(agencies_for(access)), timezone.localdate())
    if tasks.current is None or not tasks.current.is_done:
        raise PhaseNotDoneError
    with transaction.atomic():
        refuse_if_closed(case, EntryKind.PHASE_MOVED)
        case.phase = target
        save_versioned(case, fields=["phase"], expected_version=expected_version)
        _log(
            case,
            EntryKind.PHASE_MOVED,
            Compartment.JOINT,
            actor=actor,
            organisation_id=access.organisation_id,
            title=_("Phase moved to: %(phase)s") % {"phase": case.get_phase_display()},
        )
        _audit(actor, "case.phase", case, case, access.organisation_id, ["phase"])
    return case
