"""Finding a case by a name, through the keyed blind index of name parts
(`asap.core.nameindex`): the case list's search and the duplicate warning on opening a case.

Neither keeps or logs the name: the list's search keeps the parts' digests in the session
(the name never enters an address, a log line or the browser's history), and the audit
trail records that a search was made, not what was searched.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest

from asap.accounts.enums import Role
from asap.accounts.models import Organisation, User
from asap.cases.enums import CaseStatus, PersonRole, Side
from asap.cases.models import CaseMember, JointCase, PersonNamePart
from asap.core import audit
from asap.core.nameindex import name_digests
from asap.core.roles import CASE_ROLES

# Where the list's search keeps the digests of the name searched (never the name).
SESSION_KEY = "asap_name_search"


def remember_name_search(request: HttpRequest, name: str) -> bool:
    """Keep the digests of `name` in the session for the case list; False when the name has
    no letter or digit to search by. Side effect: audit `case.name_search` (that a search
    was made: the name is not recorded)."""
    digests = name_digests(name)
    if not digests:
        return False
    user = request.user
    request.session[SESSION_KEY] = digests
    organisations = [m.organisation_id for m in user.active_memberships if m.role in CASE_ROLES]
    audit.record(
        actor=user,
        action="case.name_search",
        organisation_id=organisations[0] if organisations else None,
        fields=["name"],
    )
    return True


def remembered_name_search(request: HttpRequest) -> list[str]:
    """The digests of the last name searched in this session, if any."""
    digests = request.session.get(SESSION_KEY)
    return [d for d in digests if isinstance(d, str)] if isinstance(digests, list) else []


@dataclass(frozen=True)
class Duplicate:
    """An open case of the opener's organisation whose names match: `case` only when the
    opener may open it (a member, or a coordinator of that organisation)."""

    case: JointCase | None


def duplicate_for(
    user: User, *, organisation: Organisation, side: str, perpetrator_name: str, victim_name: str
) -> Duplicate | None:
    """The newest open case in which `organisation` takes part whose man's name, or (for an
    opener on the victim side, who may read it) whose woman's name, has every part of the
    name given. A case of another organisation is never considered. One query."""
    matches = Q()
    names = [(PersonRole.PERPETRATOR, perpetrator_name)]
    if side == Side.VICTIM:
        names.append((PersonRole.VICTIM, victim_name))
    for role, name in names:
        digests = name_digests(name)
        if digests:
            found = PersonNamePart.objects.matching_in_organisation(organisation.pk, role, digests)
            matches |= Q(pk__in=found)
    if not matches:
        return None
    member = CaseMember.objects.filter(case=OuterRef("pk"), user=user, is_active=True)
    case = (
        JointCase.objects.filter(matches, status=CaseStatus.OPEN)
        .annotate(is_member=Exists(member))
        .order_by("-opened_at", "-pk")
        .first()
    )
    if case is None:
        return None
    coordinates = any(
        m.organisation_id == organisation.pk and m.role == Role.COORDINATOR
        for m in user.active_memberships
    )
    return Duplicate(case=case if case.is_member or coordinates else None)
