"""Writes of My work: dismissing an item, marking an alert's task done for one's side's team,
and opening the list. Each writes its audit row in the
same transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from asap.accounts.models import User
from asap.cases.models import CaseMember
from asap.core import audit
from asap.work.items import WorkItem
from asap.work.models import OWN_COMPARTMENT, Dismissal, LastSeen, TeamDone
from asap.work.queries import forget_unread, seen_everything


class NotATeamTaskError(ValueError):
    """Only an alert's task is marked done for a team; other items leave when done."""


def _organisation_of(user: User, case_id: int | None) -> int | None:
    if case_id is None:
        return None
    return (
        CaseMember.objects.filter(case_id=case_id, user=user, is_active=True)
        .values_list("organisation_id", flat=True)
        .first()
    )


def dismiss_item(*, actor: User, item: WorkItem, reason: str) -> Dismissal:
    """Take `item` off the actor's own list with a reason (encrypted under the key of the
    actor's side on the case). Side effect: audit `work.dismiss` (the key, never the reason)."""
    with transaction.atomic():
        dismissal = Dismissal(
            user=actor,
            key=item.key,
            case_id=item.case_id,
            compartment=OWN_COMPARTMENT.get(item.side, "") if item.case_id else "",
            recorded_side=item.side if item.case_id else "",
            reason=reason,
        )
        try:
            with transaction.atomic():
                dismissal.save()
        except IntegrityError:  # dismissed already (a second tab): nothing more to do
            return dismissal
        audit.record(
            actor=actor,
            action="work.dismiss",
            obj=dismissal,
            organisation_id=_organisation_of(actor, item.case_id),
            case_id=item.case_id,
            fields=["key", "reason"],
        )
    forget_unread(actor)
    return dismissal


def mark_done(*, actor: User, item: WorkItem) -> TeamDone | None:
    """Mark an alert's task done for every member of the actor's side on the case (the
    partner contact told her: her colleagues' lists drop it too). Side effect: audit
    `work.done`."""
    if not item.team_task or item.case_id is None:
        raise NotATeamTaskError(item.key)
    with transaction.atomic():
        done = TeamDone(case_id=item.case_id, side=item.side, key=item.key, done_by=actor)
        try:
            with transaction.atomic():
                done.save()
        except IntegrityError:  # a colleague of the same side was quicker: done already
            return None
        audit.record(
            actor=actor,
            action="work.done",
            obj=done,
            organisation_id=_organisation_of(actor, item.case_id),
            case_id=item.case_id,
            fields=["key", "side"],
        )
    forget_unread(actor)
    return done


def mark_seen(*, user: User) -> None:
    """The person opened My work: what is on it now is read. One UPDATE once the person has
    opened it before (no transaction, no row lock: the last writer's moment is the one kept);
    the first time, the row is made (another request making it at the same moment wins)."""
    now = timezone.now()
    if not LastSeen.objects.filter(user=user).update(seen_at=now):
        LastSeen.objects.get_or_create(user=user, defaults={"seen_at": now})
    seen_everything(user)
