"""A closed case is read-only: the services' own refusal, under the views' one.

Every case screen refuses a write on a closed case in `CaseView.dispatch` (HTTP 423). Under
it, every service that puts an event on the case's timeline (`record_timeline`, the path
nearly every write of case content takes) asks `refuse_if_closed` first, inside its
transaction: a write that reached a service some other way (a task, a command, a view that
forgot the door) is rolled back whole instead of landing on a closed case.
"""

from django.utils.translation import gettext_lazy as _

from asap.cases.enums import CaseStatus, EntryKind

# What a closed case still takes: its closing and reopening, and the writes that narrow
# processing (leaving, withdrawing her consent, his waiver or a share, declining to join),
# which stay open on a closed case as on a restricted one.
WRITES_ON_CLOSED = frozenset(
    {
        EntryKind.CASE_CLOSED,
        EntryKind.CASE_REOPENED,
        EntryKind.MEMBER_LEFT,
        EntryKind.CONSENT_WITHDRAWN,
        EntryKind.WAIVER_WITHDRAWN,
        EntryKind.SHARE_WITHDRAWN,
        EntryKind.AGENCY_DECLINED,
    }
)

CLOSED_NOTICE = _(
    "This case is closed: it is read-only for everyone. Nothing was saved. A lead worker of "
    "the victim side or of the perpetrator side can reopen it (Reopen the case, on the case "
    "page), giving a reason."
)


class CaseClosedError(Exception):
    """A write of case content on a closed case."""

    def __init__(self) -> None:
        super().__init__(str(CLOSED_NOTICE))


def is_closed(case: object) -> bool:
    return getattr(case, "status", None) == CaseStatus.CLOSED


def refuse_if_closed(case: object, kind: str) -> None:
    """Raise CaseClosedError if `case` is closed and an event of `kind` is not one a closed
    case takes."""
    if is_closed(case) and kind not in WRITES_ON_CLOSED:
        raise CaseClosedError
