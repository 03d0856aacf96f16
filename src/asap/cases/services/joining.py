"""Opening a case and inviting its partner agency in one step, the partners an opener may
invite, and putting back a worker who lost a case (they left it, or a colleague accepted the
invitation for someone else). Each write reuses `membership`'s services and their checks."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from asap.accounts.enums import Role
from asap.accounts.models import Membership, Organisation, User
from asap.cases.access import METADATA, CaseAccess, case_for
from asap.cases.enums import AgencyStatus
from asap.cases.models import CaseAgency, CaseMember, JointCase
from asap.cases.services.membership import _join, invite_agency, open_case
from asap.core.roles import CASE_ROLES


def partners_of(organisation_ids: list[int]) -> QuerySet[Organisation]:
    """The active organisations bound to one of `organisation_ids` by an organisation-level
    agreement in force: the agencies worth offering when a case is opened (the invitation
    itself still goes through `invite_agency`'s check). One query."""
    from asap.agreements.enums import AgreementLevel  # agreements builds on cases
    from asap.agreements.models import Agreement, Party
    from asap.agreements.queries import in_force

    agreements = Agreement.objects.filter(
        in_force(), level=AgreementLevel.ORGANISATION, parties__organisation_id__in=organisation_ids
    )
    partner_ids = (
        Party.objects.filter(agreement__in=agreements)
        .exclude(organisation_id__in=organisation_ids)
        .values("organisation_id")
    )
    return Organisation.objects.filter(is_active=True, pk__in=partner_ids).order_by("name")


def open_case_and_invite(
    *, actor: User, invite: Organisation | None = None, message: str = "", **opening: object
) -> JointCase:
    """`open_case`, then (with `invite`) `invite_agency` on the new case, in one transaction:
    a refused invitation (SharingRefusedError: no agreement in force) opens nothing.
    Side effects: those of both services (audit `case.open` and `case.invite`)."""
    with transaction.atomic():
        case = open_case(actor=actor, **opening)
        if invite is not None:
            access = case_for(actor, case.pk, METADATA)
            invite_agency(actor=actor, access=access, organisation=invite, message=message)
    return case


def _coordinated(user: User) -> list[int]:
    return [o.pk for o in user.organisations_where(Role.COORDINATOR)]


@dataclass(frozen=True)
class FormerMember:
    """A worker who may be put back on a case, for the organisation they worked for there."""

    user: User
    organisation: Organisation


def former_members_for(access: CaseAccess) -> list[FormerMember]:
    """Who the coordinator (`access.user`) may put back on the case: workers of an
    organisation they coordinate, taking part in the case, who left it or lost it when the
    invitation was accepted for someone else, and who still hold a case role there. At most
    three queries."""
    coordinated = _coordinated(access.user)
    if not coordinated:
        return []
    agencies = list(
        CaseAgency.objects.filter(
            case=access.case, organisation_id__in=coordinated, status=AgencyStatus.ACTIVE
        ).select_related("organisation", "responded_by")
    )
    if not agencies:
        return []
    members = {
        m.user_id: m
        for m in CaseMember.objects.filter(case=access.case).select_related("user", "organisation")
    }
    found = [
        FormerMember(m.user, m.organisation)
        for m in members.values()
        if not m.is_active and m.organisation_id in {a.organisation_id for a in agencies}
    ]
    found += [
        FormerMember(a.responded_by, a.organisation)
        for a in agencies
        if a.responded_by is not None and a.responded_by_id not in members
    ]
    if not found:
        return []
    still_working = set(
        Membership.objects.filter(
            user_id__in=[f.user.pk for f in found],
            organisation_id__in=[f.organisation.pk for f in found],
            role__in=CASE_ROLES,
            is_active=True,
            user__is_active=True,
        ).values_list("user_id", "organisation_id")
    )
    kept = [f for f in found if (f.user.pk, f.organisation.pk) in still_working]
    return sorted(kept, key=lambda f: (f.user.full_name, f.user.email))


def put_back_member(*, actor: User, access: CaseAccess, user: User) -> CaseMember:
    """The coordinator puts `user` back on the case (one of `former_members_for`, or
    PermissionDenied), for the organisation they worked for there; as its lead if the
    organisation has none. Side effects: timeline entry; audit `case.member_put_back`."""
    case = access.case
    former = next((f for f in former_members_for(access) if f.user.pk == user.pk), None)
    if former is None:
        raise PermissionDenied("Only a former worker of an agency you coordinate comes back.")
    return _join(
        actor=actor,
        case=case,
        user=user,
        organisation=former.organisation,
        action="case.member_put_back",
        lead_if_none=True,
    )
