"""Restriction of processing (GDPR art. 18): while a restriction is in force, the case is
frozen, its content kept but read-only for everyone.

Every case screen passes through one door, `asap.cases.views.base.CaseView.dispatch`: before
a write it asks `in_force(case_id)` and refuses the write with `notices()` (HTTP 423, nothing
saved). The case page shows the same notices. The data-protection officer's own operations
do not pass through that door; erasure refuses a restricted person itself.

Who reads what: the members of the side whose officer handles the person's data (the victim
side for the woman and the children, the perpetrator side for the man) read whose data and
on which ground; everyone else reads that the case is restricted, not why.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from asap.dataprotection.enums import DecisionOutcome, split_person
from asap.dataprotection.models import ErasureDecision
from asap.dataprotection.sides import ERASURE, HANDLED_BY


def in_force(case_id: int, *, known_none: bool = False) -> list[ErasureDecision]:
    """The restrictions in force on the case, oldest first (one query; none when the case
    was read with none in force: `known_none`, see `asap.cases.access.case_for`)."""
    if known_none:
        return []
    return list(
        ErasureDecision.objects.filter(
            case_id=case_id, outcome=DecisionOutcome.RESTRICTED, lifted_at__isnull=True
        ).order_by("decided_at", "pk")
    )


def notice(restriction: ErasureDecision, side: str | None) -> str:
    """The flag of one restriction, as a member of `side` reads it (None: not a member)."""
    since = date_format(restriction.decided_at, "DATE_FORMAT")
    role = split_person(restriction.person)[0]
    if side in HANDLED_BY[(ERASURE, role)]:
        return _(
            "Processing restricted (%(person)s) since %(date)s: %(ground)s. The data are kept "
            "but the case is read-only until the data-protection officer lifts the "
            "restriction."
        ) % {
            "person": restriction.get_person_display(),
            "date": since,
            "ground": restriction.get_ground_display(),
        }
    return _(
        "Processing restricted: since %(date)s, by a decision of a data-protection officer, "
        "the case is read-only until the restriction is lifted."
    ) % {"date": since}


def notices(restrictions: list[ErasureDecision], side: str | None) -> list[str]:
    """The flags of the restrictions in force, each once."""
    return list(dict.fromkeys(notice(r, side) for r in restrictions))
