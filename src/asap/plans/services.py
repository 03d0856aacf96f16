"""Writes on the plans of a case. Each one checks the barrier, leaves its audit row (field
names, never values) and a timeline entry in the compartment of what it changed, in one
transaction; e-mails go on commit and carry the case code and a date only.

The meetings app calls `add_action` (actions decided in the minutes) and `snapshot_plan`
(the plan as it stood after the meeting).
"""

import datetime
import json
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from asap.accounts.models import User
from asap.cases.access import CaseAccess
from asap.cases.enums import Compartment, EntryKind
from asap.cases.models import CaseMember, Consent, JointCase, Person
from asap.cases.policy import Reader, may_read
from asap.cases.services import record_timeline, set_next_action_due
from asap.core import audit
from asap.core.scopes import named_scope
from asap.core.versioning import save_versioned
from asap.plans import rules
from asap.plans.enums import (
    ACTION_COMPARTMENTS,
    PENDING,
    SAFETY_PARTS,
    STALKERWARE_FIELDS,
    ActionStatus,
)
from asap.plans.models import ActionItem, ActionReminder, PlanSnapshot, SafetyPlan
from asap.webhooks.enums import EventKind
from asap.webhooks.events import emit

ACTION_FIELDS = (
    "need",
    "action",
    "term",
    "responsible",
    "responsible_user",
    "child",
    "status",
    "dropped_reason",
)


def _audit(
    actor: User | None,
    action: str,
    obj: Any,
    case: JointCase,
    org_id: int | None,
    fields: Iterable[str],
) -> None:
    audit.record(
        actor=actor, action=action, obj=obj, organisation_id=org_id, case_id=case.pk, fields=fields
    )


def _check(problems: dict[str, Any]) -> None:
    if problems:
        raise ValidationError(problems)


def _member_side(case: JointCase, user: User) -> str | None:
    member = CaseMember.objects.filter(case=case, user=user, is_active=True).first()
    return member.side if member else None


def _check_responsible(case: JointCase, user: User | None, compartment: str) -> None:
    if user is not None:
        _check(rules.responsible_problems(side=_member_side(case, user), compartment=compartment))


def next_action_due(case: JointCase) -> datetime.date | None:
    """The earliest term of a joint action still open or in progress. A victim-side
    action's term stays out: every member and coordinator reads the case's deadline. Read
    in the "reminders" scope: every side's joint actions give one date (the case's
    metadata), never a row."""
    with named_scope("reminders"):
        return ActionItem.objects.filter(
            case=case, compartment=Compartment.JOINT, status__in=PENDING
        ).aggregate(earliest=Min("term"))["earliest"]


def refresh_next_due(case: JointCase) -> None:
    """Keep the case's next deadline in step (call inside the writing transaction): the
    cases app takes the earlier of this and the follow-up date, while the case is open."""
    set_next_action_due(case=case, due=next_action_due(case))


def add_action(
    *,
    actor: User,
    access: CaseAccess,
    need: str,
    action: str,
    term: datetime.date,
    responsible: str,
    responsible_user: User | None = None,
    child: Person | None = None,
    compartment: str = Compartment.JOINT,
    meeting_id: int | None = None,
) -> ActionItem:
    """Add a row to the action plan: joint, or (victim side only) victim side only; it may
    concern one child of the case. Raises PermissionDenied across the barrier,
    ValidationError if the reminded worker cannot read the row or the child is not one of
    the case's. Side effects: timeline entry; the case's next deadline; audit
    `plan.action_add`."""
    case = access.case
    if not access.is_member or compartment not in ACTION_COMPARTMENTS:
        raise PermissionDenied("Only members add actions, to the joint plan or their own side.")
    if not access.may_read(compartment):
        raise PermissionDenied("Your side cannot file an action there.")
    _check_responsible(case, responsible_user, compartment)
    _check(rules.child_problems(child=child, case_id=case.pk))
    with transaction.atomic():
        item = ActionItem.objects.create(
            case=case,
            need=need,
            action=action,
            term=term,
            responsible=responsible,
            responsible_user=responsible_user,
            child=child,
            compartment=compartment,
            recorded_side=access.side,
            meeting_id=meeting_id,
            created_by=actor,
            last_changed_by=actor,
        )
        record_timeline(
            case=case,
            kind=EntryKind.ACTION,
            compartment=compartment,
            actor=actor,
            organisation_id=access.organisation_id,
            title=_("Action added"),
            recorded_side=access.side,
        )
        refresh_next_due(case)
        fields = ["need", "action", "term", "responsible", "responsible_user", "compartment"]
        if child is not None:
            fields.append("child")
        if meeting_id:
            fields.append("meeting_id")
        _audit(actor, "plan.action_add", item, case, access.organisation_id, fields)
    return item


def update_action(
    *, actor: User, access: CaseAccess, item: ActionItem, expected_version: int, **fields: Any
) -> ActionItem:
    """Change a row the actor's side may read (`ACTION_FIELDS`; its compartment stays).
    A dropped action needs its reason. Raises ConcurrentEditError if the row changed since
    `expected_version`. Side effects: timeline entry; the case's next deadline; audit
    `plan.action_update`."""
    case = access.case
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"update_action() cannot change {sorted(unknown)}")
    if (
        item.case_id != case.pk
        or not access.is_member
        or not access.may_read(item.compartment, item.recorded_side)
    ):
        raise PermissionDenied("This action is not your side's to change.")
    status = fields.get("status", item.status)
    reason = fields.get("dropped_reason", item.dropped_reason)
    _check(rules.action_problems(status=status, dropped_reason=reason))
    if status != ActionStatus.DROPPED:
        fields["dropped_reason"] = ""
    if "responsible_user" in fields:
        _check_responsible(case, fields["responsible_user"], item.compartment)
    if "child" in fields:
        _check(rules.child_problems(child=fields["child"], case_id=case.pk))
    changed = [name for name, value in fields.items() if getattr(item, name) != value]
    with transaction.atomic():
        for name, value in fields.items():
            setattr(item, name, value)
        item.last_changed_by = actor
        save_versioned(item, fields=[*fields, "last_changed_by"], expected_version=expected_version)
        title = _("Action changed")
        if "status" in changed:
            title = _("Action changed: %(status)s") % {"status": item.get_status_display()}
        record_timeline(
            case=case,
            kind=EntryKind.ACTION,
            compartment=item.compartment,
            actor=actor,
            organisation_id=access.organisation_id,
            title=title,
            recorded_side=item.recorded_side,
        )
        refresh_next_due(case)
        _audit(actor, "plan.action_update", item, case, access.organisation_id, changed)
    return item


def snapshot_rows(items: Iterable[ActionItem]) -> list[dict[str, Any]]:
    """The rows as they stand, in the shape a snapshot keeps them."""
    return [
        {
            "id": item.pk,
            "need": item.need,
            "action": item.action,
            "term": item.term.isoformat(),
            "responsible": item.responsible,
            "reminded": item.responsible_user.get_full_name() if item.responsible_user else "",
            "status": item.status,
            "dropped_reason": item.dropped_reason,
            "recorded_side": item.recorded_side,
            # The child by its number only: the label is built in the reader's language.
            "child_number": item.child.number if item.child_id else None,
        }
        for item in items
    ]


def snapshot_plan(*, actor: User, access: CaseAccess, meeting_id: int | None) -> PlanSnapshot:
    """Keep the joint rows of the plan as they stand after meeting `meeting_id`, each with
    the side that recorded it: a reader sees only the rows the read policy lets them read
    when they read the snapshot (her rows only under her consent in force then). Victim-side
    rows are never kept. Side effects: timeline entry (joint); audit `plan.snapshot`."""
    case = access.case
    if not access.is_member:
        raise PermissionDenied("Only members keep the plan.")
    items = (
        ActionItem.objects.joint_to_keep(access)
        .select_related("responsible_user", "child")
        .defer("child__name", "child__name_index")
        .order_by("term", "pk")
    )
    with transaction.atomic():
        snapshot = PlanSnapshot.objects.create(
            case=case,
            meeting_id=meeting_id,
            taken_by=actor,
            rows=json.dumps(snapshot_rows(items)),
        )
        record_timeline(
            case=case,
            kind=EntryKind.ACTION,
            compartment=Compartment.JOINT,
            actor=actor,
            organisation_id=access.organisation_id,
            title=_("Action plan kept after the meeting"),
        )
        _audit(actor, "plan.snapshot", snapshot, case, access.organisation_id, ["rows"])
    return snapshot


def safety_fields_for(access: CaseAccess) -> list[str]:
    """The fields of the IT safety plan the viewer's side reads and writes."""
    if not access.is_member:
        return []
    fields = [part.field for part in SAFETY_PARTS if access.may_read(part.compartment)]
    if access.is_victim_side:
        fields += list(STALKERWARE_FIELDS)
    return fields


def save_safety_plan(
    *, actor: User, access: CaseAccess, expected_version: int, **fields: Any
) -> SafetyPlan:
    """Save the parts of the IT safety plan the actor's side may read (the perpetrator side
    and other agencies: the accountability area only). The first save of a case's plan
    expects version 0. Raises PermissionDenied for another side's part, ValidationError for
    a stalkerware decision without its reason, ConcurrentEditError if the plan changed
    since `expected_version`. Side effects: timeline entry (joint if only joint parts
    changed, else victim side); audit `plan.safety_plan`."""
    case = access.case
    if not fields or not set(fields) <= set(safety_fields_for(access)):
        raise PermissionDenied("This part of the IT safety plan is not your side's.")
    with transaction.atomic():
        plan = SafetyPlan.objects.visible_to(access).first()
        if plan is None:
            plan = SafetyPlan.objects.create(case=case, version=0)
        values = {name: fields.get(name, getattr(plan, name)) for name in STALKERWARE_FIELDS}
        _check(
            rules.stalkerware_problems(
                found=values["stalkerware_found"],
                decision=values["stalkerware_decision"],
                reason=values["stalkerware_reason"],
            )
        )
        changed = [name for name, value in fields.items() if getattr(plan, name) != value]
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.updated_by = actor
        save_versioned(plan, fields=[*fields, "updated_by"], expected_version=expected_version)
        joint = {p.field for p in SAFETY_PARTS if p.compartment == Compartment.JOINT}
        record_timeline(
            case=case,
            kind=EntryKind.SAFETY_PLAN,
            compartment=Compartment.JOINT if set(changed) <= joint else Compartment.VICTIM,
            actor=actor,
            organisation_id=access.organisation_id,
        )
        _audit(actor, "plan.safety_plan", plan, case, access.organisation_id, changed)
    return plan


def _reminded(item: ActionItem) -> User | None:
    """Who hears of an overdue action: the reminded worker, else whoever added it, while
    they are an active member whose side reads the action under the read policy and the
    consents in force now (her joint action: the perpetrator side only under her consent)."""
    her, his = Consent.objects.scopes_in_force(item.case)
    for user in (item.responsible_user, item.created_by):
        if user is not None and user.is_active:
            side = _member_side(item.case, user)
            reader = Reader(side, her_consent=her, his_waiver=his)
            if side and may_read(reader, item.compartment, item.recorded_side):
                return user
    return None


def remind_overdue(*, item: ActionItem) -> bool:
    """Remind of an overdue action once for its term; False if that was done already.
    Side effects: a reminder row; a timeline entry "Action overdue" in the action's
    compartment; audit `plan.action_overdue`; an e-mail (case code and term only) on
    commit to the worker reminded."""
    case = item.case
    with transaction.atomic():
        try:
            with transaction.atomic():
                reminder = ActionReminder.objects.create(item=item, term=item.term)
        except IntegrityError:
            return False
        record_timeline(
            case=case,
            kind=EntryKind.ACTION,
            compartment=item.compartment,
            actor=None,
            organisation_id=None,
            title=_("Action overdue (term %(term)s)")
            % {"term": date_format(item.term, "SHORT_DATE_FORMAT")},
            recorded_side=item.recorded_side,
        )
        _audit(None, "plan.action_overdue", reminder, case, None, ["term"])
        emit(
            EventKind.ACTION_OVERDUE,
            case,
            compartment=item.compartment,
            recorded_side=item.recorded_side,
        )
        user = _reminded(item)
        if user is not None:
            transaction.on_commit(lambda: _mail_overdue(user, case.code, item.term))
    return True


def _mail_overdue(user: User, code: str, term: datetime.date) -> None:
    """The e-mail carries the case code and the term: never what the action is."""
    with translation.override(user.language or None):
        subject = _("An action is overdue in case %(code)s") % {"code": code}
        body = render_to_string("plans/email/action_overdue.txt", {"code": code, "term": term})
    send_mail(subject, body, None, [user.email])
