"""Writes of the training space: starting, filling in and submitting a practice attempt.

Each write leaves its audit row in the same transaction. The audit names the attempt and the
parts changed, never a value, and never a real case (`case_id` stays empty).
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asap.core.audit import record
from asap.core.roles import Role
from asap.core.versioning import save_versioned
from asap.plans import rules
from asap.practice.casebook import PracticeCase
from asap.practice.models import (
    AttemptStatus,
    PracticeAction,
    PracticeAnswer,
    PracticeAttempt,
    PracticeSafetyPlan,
)


class AttemptClosedError(Exception):
    """The attempt was submitted: it is kept as handed in."""


def _open(attempt: PracticeAttempt) -> None:
    if not attempt.is_open:
        raise AttemptClosedError(
            _("This attempt was submitted and is kept as handed in. Start a new attempt.")
        )


def _organisation_id(actor: Any) -> int | None:
    """The organisation the trainee practises for: its data-protection officer reads the trail."""
    for membership in actor.active_memberships:
        if membership.role in (Role.TRAINEE, Role.TRAINER):
            return membership.organisation_id
    return None


def _audit(actor: Any, action: str, obj: Any, fields: list[str]) -> None:
    record(
        actor=actor,
        action=action,
        obj=obj,
        organisation_id=_organisation_id(actor),
        fields=fields,
    )


def _raise(problems: dict[str, Any]) -> None:
    if problems:
        raise ValidationError(problems)


def start_attempt(*, actor: Any, case: PracticeCase) -> PracticeAttempt:
    """A new attempt on `case` for `actor`, with an empty IT safety plan. Audited."""
    with transaction.atomic():
        attempt = PracticeAttempt.objects.create(
            case_key=case.key,
            definition_key=case.definition_key,
            definition_version=case.definition_version,
            trainee=actor,
        )
        PracticeSafetyPlan.objects.create(attempt=attempt)
        _audit(actor, "practice.attempt_started", attempt, ["case_key"])
    return attempt


def save_answers(
    *,
    actor: Any,
    attempt: PracticeAttempt,
    answers: dict[str, Any],
    expected_version: int,
) -> None:
    """Store the trainee's checklist answers (the pages score them with the real rule).
    Raises ConcurrentEditError if the attempt changed meanwhile. Audited."""
    with transaction.atomic():
        _open(attempt)
        save_versioned(attempt, fields=[], expected_version=expected_version)
        PracticeAnswer.objects.bulk_create(
            [
                PracticeAnswer(attempt=attempt, item_key=key, value=value)
                for key, value in answers.items()
            ],
            update_conflicts=True,
            unique_fields=["attempt", "item_key"],
            update_fields=["value"],
        )
        _audit(actor, "practice.checklist_saved", attempt, ["answers"])


def add_action(
    *,
    actor: Any,
    attempt: PracticeAttempt,
    need: str,
    action: str,
    term: datetime.date,
    responsible: str,
) -> PracticeAction:
    """A new row of the trainee's action plan, open. Audited."""
    with transaction.atomic():
        _open(attempt)
        item = PracticeAction.objects.create(
            attempt=attempt, need=need, action=action, term=term, responsible=responsible
        )
        _audit(actor, "practice.action_added", item, ["need", "action", "term", "responsible"])
    return item


def update_action(
    *,
    actor: Any,
    attempt: PracticeAttempt,
    item: PracticeAction,
    expected_version: int,
    need: str,
    action: str,
    term: datetime.date,
    responsible: str,
    status: str,
    dropped_reason: str,
) -> None:
    """Change a row of the trainee's action plan (a dropped row says why). Audited."""
    _raise(rules.action_problems(status=status, dropped_reason=dropped_reason))
    values = {
        "need": need,
        "action": action,
        "term": term,
        "responsible": responsible,
        "status": status,
        "dropped_reason": dropped_reason,
    }
    with transaction.atomic():
        _open(attempt)
        for name, value in values.items():
            setattr(item, name, value)
        save_versioned(item, fields=list(values), expected_version=expected_version)
        _audit(actor, "practice.action_changed", item, list(values))


def save_safety_plan(
    *, actor: Any, attempt: PracticeAttempt, expected_version: int, **values: Any
) -> None:
    """Store the trainee's IT safety plan (the stalkerware rule applies as in real work)."""
    _raise(
        rules.stalkerware_problems(
            found=values.get("stalkerware_found", ""),
            decision=values.get("stalkerware_decision", ""),
            reason=values.get("stalkerware_reason", ""),
        )
    )
    with transaction.atomic():
        _open(attempt)
        plan = PracticeSafetyPlan.objects.get(attempt=attempt)
        for name, value in values.items():
            setattr(plan, name, value)
        save_versioned(plan, fields=list(values), expected_version=expected_version)
        _audit(actor, "practice.safety_plan_saved", plan, list(values))


def submit_attempt(*, actor: Any, attempt: PracticeAttempt) -> None:
    """Hand the attempt in to the trainer; it is read-only from now on. Audited."""
    with transaction.atomic():
        _open(attempt)
        attempt.status = AttemptStatus.SUBMITTED
        attempt.submitted_at = timezone.now()
        attempt.save(update_fields=["status", "submitted_at"])
        _audit(actor, "practice.attempt_submitted", attempt, ["status"])
