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
from asap.cases.models import CaseMember
from asap.cases.policy import Reader
from asap.cases.querysets import across_cases_q, readers_on

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
        return readers_on({case_id: seat.side for case_id, seat in self.seats.items()})

    def readable(self, *, shared: object = None, case_field: str = "case_id", **fields) -> Q:
        """The filter that keeps, on each of the person's cases, what their reader there may
        read (`policy.readable_q` with `fields` naming the compartment and recorder columns).
        Cases whose readers are alike share one clause, so the filter's size follows the
        kinds of reader, not the number of cases. `shared(side)` builds the share filter."""
        return across_cases_q(self.readers, shared=shared, case_field=case_field, **fields)


def at_start(day: datetime.date) -> datetime.datetime:
    """The first moment of `day`, aware: when an item dated by day came onto the list."""
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
