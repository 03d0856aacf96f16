"""Closing and reopening a case, handing the lead over, transferring an agency's part.

Who closes and reopens: a lead worker of the victim side or of the perpetrator side (the
workers who answer for the case on each side of the barrier; another agency's worker does
not). The closing note is sealed in the closer's own side's compartment; every member reads
a content-free "Case closed" with the reason, except that "She asked to close the case"
reaches nobody but the victim side (`reason_label`).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from asap.accounts.enums import Role
from asap.accounts.models import Membership, Organisation, User
from asap.cases.access import CaseAccess, side_for
from asap.cases.enums import (
    AgencyStatus,
    CaseStatus,
    ClosingReason,
    Compartment,
    EntryKind,
    Side,
)
from asap.cases.models import CaseAgency, CaseMember, JointCase
from asap.cases.services.frozen import CaseClosedError, is_closed
from asap.cases.services.membership import (
    SharingRefusedError,
    _add_member,
    _audit,
    _log,
    _mail_invitation,
    _next_due,
    refuse_without_agreement,
)
from asap.core.roles import CASE_ROLES
from asap.core.versioning import save_versioned

# The sides whose lead workers close, reopen and transfer (another agency only takes part).
CLOSING_SIDES = (Side.VICTIM, Side.PERPETRATOR)
# Her own request: her information, which reaches only the victim side. He could learn
# from it that she stopped accepting support, and pressure or punish her for it.
VICTIM_SIDE_REASONS = frozenset({ClosingReason.SHE_ASKED})
# The side's own compartment, where the closer's note is sealed under the side's key.
OWN_COMPARTMENT = {Side.VICTIM: Compartment.VICTIM, Side.PERPETRATOR: Compartment.PERPETRATOR}


class CaseOpenError(Exception):
    """Reopening a case that is open, or closing one that is closed."""


def reason_label(reason: str, side: str | None) -> str:
    """The closing reason as a reader of `side` reads it (None: not a member)."""
    if not reason:
        return ""
    if reason in VICTIM_SIDE_REASONS and side != Side.VICTIM:
        return str(ClosingReason.OTHER.label)
    return str(ClosingReason(reason).label)


def may_close(access: CaseAccess) -> bool:
    """Whether this member closes and reopens the case: a lead worker of either side."""
    member = access.member
    return member is not None and member.is_lead and member.side in CLOSING_SIDES


def _refuse_unless_lead(access: CaseAccess) -> None:
    if not may_close(access):
        raise PermissionDenied("Only a lead worker of the victim or perpetrator side.")


def close_case(
    *, actor: User, access: CaseAccess, reason: str, note: str, expected_version: int
) -> JointCase:
    """Close the case: status closed, today's date, the reason. The note is a timeline entry
    in the closer's side's compartment (sealed under that side's key); a content-free joint
    entry tells every member, with the reason as `reason_label` gives it to the other sides.
    Raises CaseOpenError if it is closed already, ConcurrentEditError on a stale version.
    Side effects: two timeline entries; audit `case.close`."""
    _refuse_unless_lead(access)
    case, side = access.case, access.member.side
    if is_closed(case):
        raise CaseOpenError(_("The case is closed already."))
    with transaction.atomic():
        case.status, case.closed_on, case.closing_reason = (
            CaseStatus.CLOSED,
            timezone.localdate(),
            reason,
        )
        case.next_due = _next_due(case)
        save_versioned(
            case,
            fields=["status", "closed_on", "closing_reason", "next_due"],
            expected_version=expected_version,
        )
        _log(
            case,
            EntryKind.CASE_CLOSED,
            Compartment.JOINT,
            actor=actor,
            organisation_id=access.organisation_id,
            title=reason_label(reason, None),
        )
        _log(
            case,
            EntryKind.CASE_CLOSED,
            OWN_COMPARTMENT[side],
            actor=actor,
            organisation_id=access.organisation_id,
            title=reason_label(reason, side),
            body=note,
            recorded_side=side,
        )
        _audit(
            actor,
            "case.close",
            case,
            case,
            access.organisation_id,
            ["status", "closed_on", "closing_reason", "note"],
        )
    return case


def reopen_case(
    *, actor: User, access: CaseAccess, reason: str, expected_version: int
) -> JointCase:
    """Reopen a closed case; the reason is a timeline entry of the reopener's side (sealed
    under its key), with a content-free joint entry for every member. Side effects: two
    timeline entries; audit `case.reopen`."""
    _refuse_unless_lead(access)
    case, side = access.case, access.member.side
    if not is_closed(case):
        raise CaseOpenError(_("The case is open."))
    with transaction.atomic():
        case.status, case.closed_on, case.closing_reason = CaseStatus.OPEN, None, ""
        case.next_due = _next_due(case)
        save_versioned(
            case,
            fields=["status", "closed_on", "closing_reason", "next_due"],
            expected_version=expected_version,
        )
        for compartment, body, recorded_side in [
            (Compartment.JOINT, "", ""),
            (OWN_COMPARTMENT[side], reason, side),
        ]:
            _log(
                case,
                EntryKind.CASE_REOPENED,
                compartment,
                actor=actor,
                organisation_id=access.organisation_id,
                body=body,
                recorded_side=recorded_side,
            )
        _audit(
            actor,
            "case.reopen",
            case,
            case,
            access.organisation_id,
            ["status", "closed_on", "closing_reason", "reason"],
        )
    return case


def lead_candidates(access: CaseAccess) -> list[int]:
    """The ids of the active workers of the lead's organisation who would work on the lead's
    side of the barrier (one query): who may take the lead over."""
    member = access.member
    rows = Membership.objects.filter(
        organisation_id=member.organisation_id,
        is_active=True,
        user__is_active=True,
        role__in=CASE_ROLES,
    ).values_list("user_id", "role")
    roles: dict[int, set[str]] = {}
    for user_id, role in rows:
        roles.setdefault(user_id, set()).add(role)
    organisation = member.organisation
    return sorted(
        user_id
        for user_id, held in roles.items()
        if user_id != member.user_id and _side_of(organisation, held) == member.side
    )


def _side_of(organisation: Organisation, roles: set[str]) -> str:
    for role in (Role.PARTNER_CONTACT, Role.CASE_WORKER, Role.CHILD_PROTECTION_LEAD):
        if role in roles:
            return side_for(organisation, role)
    return side_for(organisation, Role.COORDINATOR)


def hand_over_lead(*, actor: User, access: CaseAccess, to: User) -> CaseMember:
    """The actor, lead worker of their organisation on the case, hands the lead to `to`, an
    active worker of the same organisation on the same side (a member already, or put on the
    case now). Raises PermissionDenied otherwise. Side effects: timeline entry; audit
    `case.lead_change`."""
    member = access.member
    if member is None or not member.is_lead:
        raise PermissionDenied("Only the lead worker hands the lead over.")
    if to.pk not in lead_candidates(access):
        raise PermissionDenied("Not a worker of the lead's organisation and side.")
    case = access.case
    with transaction.atomic():
        CaseMember.objects.filter(pk=member.pk).update(is_lead=False)
        member.is_lead = False
        new_lead = _add_member(case, to, member.organisation, is_lead=True)
        _log(
            case,
            EntryKind.LEAD_CHANGED,
            Compartment.JOINT,
            actor=actor,
            organisation_id=member.organisation_id,
            title=to.get_full_name(),
        )
        _audit(
            actor, "case.lead_change", new_lead, case, member.organisation_id, ["is_lead", "user"]
        )
    return new_lead


def transferable_agency(access: CaseAccess) -> CaseAgency | None:
    """The agency whose part this user may transfer: their organisation's, if they are its
    lead worker on the case or coordinate it, and it takes part on the victim or the
    perpetrator side (one query)."""
    user = access.user
    agencies = CaseAgency.objects.filter(
        case=access.case, status=AgencyStatus.ACTIVE, side__in=CLOSING_SIDES
    ).select_related("organisation")
    coordinated = {o.pk for o in user.organisations_where(Role.COORDINATOR)}
    for agency in agencies:
        lead = access.member and access.member.is_lead
        if agency.organisation_id in coordinated:
            return agency
        if lead and access.member.organisation_id == agency.organisation_id:
            return agency
    return None


def transfer_targets(agency: CaseAgency) -> QuerySet[Organisation]:
    """The organisations of the same kind bound to `agency`'s by an agreement in force and
    not in the case already."""
    from asap.agreements.enums import AgreementLevel  # agreements builds on cases
    from asap.agreements.models import Agreement, Party
    from asap.agreements.queries import in_force

    old = agency.organisation
    bound = Agreement.objects.filter(
        in_force(), level=AgreementLevel.ORGANISATION, parties__organisation=old
    )
    parties = Party.objects.filter(agreement__in=bound.values("pk")).values("organisation_id")
    in_case = CaseAgency.objects.filter(
        case_id=agency.case_id, status__in=[AgencyStatus.ACTIVE, AgencyStatus.INVITED]
    ).values("organisation_id")
    return (
        Organisation.objects.filter(is_active=True, kind=old.kind, pk__in=parties)
        .exclude(pk=old.pk)
        .exclude(pk__in=in_case)
        .order_by("name")
    )


def transfer_agency(
    *, actor: User, access: CaseAccess, agency: CaseAgency, to: Organisation, message: str = ""
) -> CaseAgency:
    """Transfer `agency`'s part in the case to `to`, an organisation of the same kind with an
    agreement in force with it (and with every other organisation taking part). The old
    organisation's workers leave the case at once and its part is `left`; `to` is invited
    (its coordinators are told; a worker of theirs accepts as for any invitation). The side's
    data keys stay: what the side recorded stays readable to the side, and only to it.
    Raises SharingRefusedError without an agreement, CaseClosedError on a closed case.
    Side effects: timeline entry; audit `case.transfer`; an e-mail (code only) on commit."""
    from asap.agreements.queries import agreement_in_force  # agreements builds on cases

    case, old = access.case, agency.organisation
    if is_closed(case):
        raise CaseClosedError
    if to.kind != old.kind or to.pk == old.pk:
        raise SharingRefusedError(
            _("A part in the case goes to another organisation of the same kind.")
        )
    if agreement_in_force(old, to) is None:
        raise SharingRefusedError(
            _(
                "There is no multi-agency agreement in force between %(old)s and %(new)s: a "
                "part in a case is transferred only between organisations bound by one."
            )
            % {"old": old.name, "new": to.name}
        )
    refuse_without_agreement(case, to)
    members = CaseMember.objects.filter(case=case, organisation=old, is_active=True)
    # The invitation stands on a worker of the case (accepting checks who sent it): the
    # actor if they work on it, else the old organisation's lead worker.
    inviter = actor
    if not members.filter(user=actor).exists():
        lead = members.order_by("-is_lead", "joined_at").first()
        inviter = lead.user if lead else actor
    now = timezone.now()
    with transaction.atomic():
        members.update(is_active=False, is_lead=False, left_at=now)
        CaseAgency.objects.filter(pk=agency.pk).update(status=AgencyStatus.LEFT)
        invitation, _created = CaseAgency.objects.update_or_create(
            case=case,
            organisation=to,
            defaults={
                "side": agency.side,
                "status": AgencyStatus.INVITED,
                "invited_by": inviter,
                "invited_at": now,
                "message": message,
                "responded_by": None,
                "responded_at": None,
                "decline_reason": "",
            },
        )
        _log(
            case,
            EntryKind.AGENCY_TRANSFERRED,
            Compartment.JOINT,
            actor=actor,
            organisation_id=old.pk,
            title=f"{old.name} → {to.name}",
        )
        _audit(actor, "case.transfer", invitation, case, old.pk, ["organisation", "members"])
        transaction.on_commit(lambda: _mail_invitation(invitation, old.name))
    return invitation
