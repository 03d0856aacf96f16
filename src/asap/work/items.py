"""One thing a person must do, as My work lists it, and what every source reads it from.

A `WorkItem` carries no case content: a kind (a fixed label), the case's code, a due date and
a link to where it is done. `Inbox` is what a source is given: the person, today, and their
cases with the read policy's reader on each, fetched once for every source (two queries).
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q

from asap.accounts.models import User
from asap.cases.enums import CaseStatus
from asap.cases.models import CaseMember, Consent
from asap.cases.policy import Reader, readable_q
from asap.core.scopes import named_scope

SCOPE = "work-inbox"


@dataclass(frozen=True)
class WorkItem:
    """One line of My work."""

    key: str  # stable across requests: what a dismissal or a team's "done" names
    kind: str  # asap.work.enums.ItemKind
    label: str  # a fixed, content-free sentence ("An action of the plan is due")
    due: datetime.date
    url: str
    created: datetime.datetime  # when it came onto the list (unread after the last visit)
    case_id: int | None = None
    case_code: str = ""
    side: str = ""  # the reader's side on the case
    team_task: bool = False  # "Mark done" closes it for every member of `side` on the case


@dataclass(frozen=True)
class CaseSeat:
    """The person's seat on one open case: its code and dates, their side, whether lead."""

    case_id: int
    code: str
    side: str
    organisation_id: int
    is_lead: bool
    programme_start: datetime.date | None
    intervention_start: datetime.date | None
    programme_end: datetime.date | None
    follow_up_date: datetime.date | None


@dataclass
class Inbox:
    """What every source reads from: `user`, `today`, and their open cases (`seats`) with the
    read policy's `readers` on each (her consents and his waiver in force on each case)."""

    user: User
    today: datetime.date
    now: datetime.datetime

    @cached_property
    def seats(self) -> dict[int, CaseSeat]:
        """The open cases where `user` is an active member (one query: metadata only)."""
        members = CaseMember.objects.filter(
            user=self.user, is_active=True, case__status=CaseStatus.OPEN
        ).select_related("case")
        return {
            m.case_id: CaseSeat(
                m.case_id,
                m.case.code,
                m.side,
                m.organisation_id,
                m.is_lead,
                m.case.programme_start,
                m.case.intervention_start,
                m.case.programme_end,
                m.case.follow_up_date,
            )
            for m in members
        }

    @cached_property
    def readers(self) -> dict[int, Reader]:
        """The reader of each seat as `asap.cases.policy` sees them: the consents in force on
        every case fetched in one query (the same read `CaseAccess.reader` makes per case)."""
        if not self.seats:
            return {}
        her: dict[int, set[str]] = {}
        his: dict[int, set[str]] = {}
        with named_scope(SCOPE):
            rows = list(
                Consent.objects.filter(
                    case_id__in=list(self.seats), withdrawn_on__isnull=True
                ).values_list("case_id", "given_by", "scopes")
            )
        for case_id, given_by, scopes in rows:
            (his if given_by == "perpetrator" else her).setdefault(case_id, set()).update(scopes)
        return {
            case_id: Reader(
                seat.side,
                her_consent=frozenset(her.get(case_id, ())),
                his_waiver=frozenset(his.get(case_id, ())),
            )
            for case_id, seat in self.seats.items()
        }

    def readable(self, *, shared: object = None, case_field: str = "case_id", **fields) -> Q:
        """The filter that keeps, on each of the person's cases, what their reader there may
        read (`policy.readable_q` with `fields` naming the compartment and recorder columns).
        Cases whose readers are alike share one clause, so the filter's size follows the
        kinds of reader, not the number of cases. `shared(side)` builds the share filter."""
        groups: dict[Reader, list[int]] = {}
        for case_id, who in self.readers.items():
            groups.setdefault(who, []).append(case_id)
        allowed = Q(pk__in=[])
        for who, case_ids in groups.items():
            extra = {"shared": shared(who.side)} if shared else {}
            allowed |= Q(**{f"{case_field}__in": case_ids}) & readable_q(who, **fields, **extra)
        return allowed


def at_start(day: datetime.date) -> datetime.datetime:
    """The first moment of `day`, aware: when an item dated by day came onto the list."""
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
