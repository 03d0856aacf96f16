"""Which data an officer handles on a case: the side their organisation takes part on.

An officer acts for the data their organisation controls. On a case, that is what the
organisation's side records and reads there (`CaseAgency.side`), read through the one read
policy (`asap.cases.policy`) as a member of that side without any consent in force:

- the woman's and the children's data (subject access, erasure, retention) are handled by an
  officer of a victim-side organisation of the case;
- the man's data by an officer of the perpetrator programme (his record and what the
  perpetrator side recorded; never the victim side's or protected content); for subject
  access, an agency's officer too (what the agency recorded);
- an officer whose organisation takes no part in the case finds no case (404).
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from asap.accounts.enums import OrganisationKind
from asap.accounts.models import Organisation
from asap.cases.access import side_for
from asap.cases.enums import PersonRole, Side
from asap.cases.models import CaseAgency, JointCase
from asap.cases.policy import Reader
from asap.dataprotection.enums import RequestKind, split_person
from asap.dataprotection.queries import TOOK_PART, dpo_organisations

ACCESS, ERASURE, RETENTION = RequestKind.ACCESS, RequestKind.ERASURE, "retention"
VICTIM_SERVICE = OrganisationKind.VICTIM_SUPPORT_SERVICE

# (what, whose data) → the sides whose officer may do it.
HANDLED_BY: dict[tuple[str, str], tuple[str, ...]] = {
    (ACCESS, PersonRole.VICTIM): (Side.VICTIM,),
    (ACCESS, PersonRole.CHILD): (Side.VICTIM,),
    (ACCESS, PersonRole.PERPETRATOR): (Side.PERPETRATOR, Side.AGENCY),
    (ERASURE, PersonRole.VICTIM): (Side.VICTIM,),
    (ERASURE, PersonRole.CHILD): (Side.VICTIM,),
    (ERASURE, PersonRole.PERPETRATOR): (Side.PERPETRATOR,),
    (RETENTION, ""): (Side.VICTIM,),
}

WHOSE = {
    PersonRole.VICTIM: _("the woman's or a child's data"),
    PersonRole.CHILD: _("the woman's or a child's data"),
    PersonRole.PERPETRATOR: _("the man's data"),
    "": _("the retention of a case (which anonymises the woman's and the children's data)"),
}
BY_SIDES = {
    (Side.VICTIM,): _("a victim-side organisation"),
    (Side.PERPETRATOR,): _("the perpetrator programme"),
    (Side.PERPETRATOR, Side.AGENCY): _("the perpetrator programme or another agency"),
}
ON_SIDE = {
    Side.VICTIM: _("Your organisation takes part on the victim side."),
    Side.PERPETRATOR: _("Your organisation takes part on the perpetrator side."),
    Side.AGENCY: _("Your organisation takes part as another agency."),
}


class NotYourSide(Exception):  # noqa: N818  (reads as what happened)
    """The officer's organisation takes part in the case on a side that does not handle
    this data. `str()` says why, in words."""


@dataclass(frozen=True)
class OfficerAccess:
    """An officer on one case, as the read policy sees a member of their organisation's side
    with no consent in force: what that side reads, and nothing it reads only by her (or
    his) consent. Passed to `Model.objects.visible_to()` like a member's `CaseAccess`."""

    case: JointCase
    user: Any
    organisation: Organisation
    side: str
    is_member: bool = field(default=True, init=False)

    @property
    def reader(self) -> Reader:
        return Reader(self.side)


def sides_of(user: Any, case: JointCase) -> dict[str, Organisation]:
    """The officer's organisations that took part in `case`, by the side they took (one
    query). Empty: the officer's organisations take no part in the case.

    An organisation on the victim side that is not a victim support service (a perpetrator
    programme whose partner contact opened the case) handles the woman's data only while no
    victim support service took part: then everything of hers on the case was recorded by its
    own partner contacts. Once a service took part, the victim side's records are also the
    service's, and that organisation's officer handles what its kind does (the man's data,
    for a programme), as its systems hear what its kind hears."""
    organisations = {o.pk: o for o in dpo_organisations(user)}
    rows = list(
        CaseAgency.objects.filter(case=case, status__in=TOOK_PART).values_list(
            "side", "organisation_id", "organisation__kind"
        )
    )
    service_took_part = any(kind == VICTIM_SERVICE for _side, _pk, kind in rows)
    mine = [(side, pk, kind) for side, pk, kind in rows if pk in organisations]
    found: dict[str, Organisation] = {}
    for side, organisation_id, kind in sorted(mine, key=lambda r: organisations[r[1]].name):
        handled = handling_side(side, kind, service_took_part)
        found.setdefault(handled, organisations[organisation_id])
    return found


def handling_side(side: str, kind: str, service_took_part: bool) -> str:
    """The side whose data an organisation of `kind` that took `side` in a case handles
    there (`sides_of`): its side, except on the victim side beside a victim support service
    for an organisation of another kind, which then handles what its kind does."""
    if side == Side.VICTIM and service_took_part and kind != VICTIM_SERVICE:
        return side_for(Organisation(kind=kind), "")
    return side


def refusal(what: str, role: str, sides: list[str]) -> str:
    allowed = HANDLED_BY[(what, role)]
    return " ".join(
        [
            str(
                _(
                    "Only a data-protection officer of %(organisation)s of this case can "
                    "handle %(whose)s."
                )
                % {"organisation": BY_SIDES[allowed], "whose": WHOSE[role]}
            ),
            *(str(ON_SIDE[side]) for side in sides),
        ]
    )


def officer_access(user: Any, case: JointCase, what: str, person: str = "") -> OfficerAccess:
    """The officer's access to `case` for `what` (ACCESS, ERASURE, RETENTION) of `person`
    (a `PersonChoice` value; none for retention). Raises `NotYourSide` with the reason."""
    role = split_person(person)[0] if person else ""
    taking_part = sides_of(user, case)
    allowed = HANDLED_BY[(what, role)]
    for side in allowed:
        if side in taking_part:
            return OfficerAccess(case=case, user=user, organisation=taking_part[side], side=side)
    raise NotYourSide(refusal(what, role, sorted(taking_part)))
