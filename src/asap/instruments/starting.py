"""Starting an administration on a case, and withdrawing one started by mistake.

A joint instrument (one every member answers: the joint risk checklist, the digital
screening) has one open administration per case at a time: the side that comes second
answers the one the other side started, never a second one. The check runs inside the
transaction, with the case row locked, so two workers pressing "Start" at once still make
one. An administration started by mistake is withdrawn, not deleted: it leaves the lists and
the counts (`queries.administrations_for`) and stays, with its audit rows, in the audit
trail. Each write leaves its audit row in the same transaction.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from asap.accounts.models import User
from asap.cases.access import CaseAccess
from asap.cases.enums import EntryKind
from asap.cases.models import JointCase
from asap.cases.services import record_timeline
from asap.core import audit
from asap.core.scopes import named_scope
from asap.core.versioning import save_versioned
from asap.instruments import registry
from asap.instruments.enums import AdministrationStatus
from asap.instruments.models import Administration, Answer

# Who holds an administration by its respondent: her answers are the victim side's.
COMPARTMENT_OF_RESPONDENT = {"victim": "victim"}
# Answered by every member of the case: one open administration per case at a time.
JOINT_RESPONDENT = "worker"


class AlreadyStartedError(Exception):
    """A joint instrument already has an open administration on the case: answer that one."""

    def __init__(self, administration: Administration) -> None:
        super().__init__(f"{administration.definition_key} is open as #{administration.pk}")
        self.administration = administration


class NotWithdrawableError(Exception):
    """The administration is complete, or another side has answered in it."""


def open_joint(access: CaseAccess, key: str) -> Administration | None:
    """The case's open administration of joint instrument `key`, if any (through the
    policy: a joint administration is read by every member)."""
    return (
        Administration.objects.visible_to(access)
        .filter(definition_key=key, respondent=JOINT_RESPONDENT, status=AdministrationStatus.OPEN)
        .order_by("opened_at", "pk")
        .first()
    )


def start_administration(
    *, actor: User, access: CaseAccess, key: str, time_point: str = "", due_on: Any = None
) -> Administration:
    """Start filling in instrument `key` on a case, with the definition the actor's agency
    uses now. Raises AlreadyStartedError (with the open one) when `key` is a joint
    instrument already open on the case. Side effect: audit `instrument.start`."""
    available = registry.available(access.organisation_id)[key]
    definition = available.definition
    with transaction.atomic():
        if definition.respondent == JOINT_RESPONDENT:
            # One start at a time per case: the second waits, then finds the first's.
            JointCase.objects.select_for_update().filter(pk=access.case.pk).first()
            existing = open_joint(access, definition.key)
            if existing is not None:
                raise AlreadyStartedError(existing)
        administration = Administration.objects.create(
            case=access.case,
            organisation_id=access.organisation_id,
            definition_key=definition.key,
            definition_version=definition.version,
            definition_owner_id=available.owner_id,
            respondent=definition.respondent,
            compartment=COMPARTMENT_OF_RESPONDENT.get(definition.respondent, "joint"),
            time_point=time_point,
            due_on=due_on,
            opened_by=actor,
        )
        audit.record(
            actor=actor,
            action="instrument.start",
            obj=administration,
            organisation_id=access.organisation_id,
            case_id=access.case.pk,
            fields=["definition_key", "time_point"],
        )
    return administration


def answered_by_others(access: CaseAccess, administration: Administration) -> bool:
    """Whether an answer of another source than the viewer's side is in it: any answer,
    also one in a compartment the viewer does not read (her side's protected items), so that
    withdrawing never hides answers its withdrawer could not see. Only yes or no leaves, and
    the refusal names neither the side nor the item (one query, in the named scope)."""
    from asap.instruments.services import SOURCE_OF_SIDE

    with named_scope("withdrawal"):
        return (
            Answer.objects.filter(administration_id=administration.pk)
            .exclude(source=SOURCE_OF_SIDE.get(access.side, ""))
            .exists()
        )


def withdraw_administration(
    *, actor: User, access: CaseAccess, administration: Administration, title: str
) -> None:
    """Withdraw an open administration started by mistake (`title`: its instrument's, for
    the timeline). Raises NotWithdrawableError when it is complete or another side has
    answered in it. Side effects: audit `instrument.withdraw`, a timeline entry."""
    if administration.status != AdministrationStatus.OPEN or answered_by_others(
        access, administration
    ):
        raise NotWithdrawableError
    with transaction.atomic():
        administration.status = AdministrationStatus.WITHDRAWN
        save_versioned(administration, fields=["status"], expected_version=administration.version)
        audit.record(
            actor=actor,
            action="instrument.withdraw",
            obj=administration,
            organisation_id=access.organisation_id,
            case_id=access.case.pk,
            fields=["status"],
        )
        # An event of the platform (the instrument's name, no one's answers): every
        # member reads it, whoever withdrew it.
        record_timeline(
            case=access.case,
            kind=EntryKind.ASSESSMENT_WITHDRAWN,
            compartment="joint",
            actor=actor,
            organisation_id=access.organisation_id,
            title=str(_("Assessment withdrawn: %(title)s") % {"title": title})[:200],
        )
