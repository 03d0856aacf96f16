"""Writes on joint cases. Each one leaves its audit row (field names, never values) and,
where the case should remember it, a timeline entry, in the same transaction."""

import datetime
from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from asap.accounts.enums import Role
from asap.accounts.models import Organisation, User
from asap.cases.access import CaseAccess, case_role_of, side_for
from asap.cases.enums import (
    AgencyStatus,
    CaseStatus,
    Compartment,
    EntryKind,
    PersonRole,
    Phase,
    Side,
)
from asap.cases.models import (
    CaseAgency,
    CaseMember,
    JointCase,
    Person,
    TimelineEntry,
)
from asap.cases.services.frozen import refuse_if_closed
from asap.cases.services.names import index_names
from asap.core import audit
from asap.core.versioning import save_versioned


class SharingRefusedError(Exception):
    """A share the barrier does not allow; the message says why, for the worker to read."""


def _audit(
    actor: User,
    action: str,
    obj: object,
    case: JointCase,
    org_id: int | None,
    fields: Iterable[str] = (),
) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=obj,
        organisation_id=org_id,
        case_id=case.pk,
        fields=fields,
    )


def _log(
    case: JointCase,
    kind: str,
    compartment: str,
    *,
    actor: User | None,
    organisation_id: int | None,
    title: str = "",
    body: str = "",
    recorded_side: str = "",
) -> TimelineEntry:
    """One timeline entry. `recorded_side`: the side whose worker recorded its content
    ("" for an event of the platform that carries no one's content). Raises CaseClosedError
    on a closed case unless the event is one a closed case takes (`services.frozen`)."""
    refuse_if_closed(case, kind)
    return TimelineEntry.objects.create(
        case=case,
        at=timezone.now(),
        kind=kind,
        compartment=compartment,
        recorded_side=recorded_side,
        author=actor,
        organisation_id=organisation_id,
        title=title,
        body=body,
    )


def record_timeline(
    *,
    case: JointCase,
    kind: str,
    compartment: str,
    actor: User | None,
    organisation_id: int | None,
    title: str = "",
    body: str = "",
    recorded_side: str = "",
) -> TimelineEntry:
    """Put an event on a case's timeline, for other apps (call inside their transaction).
    `recorded_side` is the writer's side (`access.side`) for content a worker recorded (an
    episode, a remote session, an action); "" for an event of the platform that carries no
    one's content. Joint content the victim side recorded reaches the other sides only while
    her consent is in force (`asap.cases.policy`)."""
    return _log(
        case,
        kind,
        compartment,
        actor=actor,
        organisation_id=organisation_id,
        title=title,
        body=body,
        recorded_side=recorded_side,
    )


def _next_due(case: JointCase) -> datetime.date | None:
    """The earliest open deadline while the case is open: the follow-up date or the term of
    an open action, whichever comes first."""
    if case.status != CaseStatus.OPEN:
        return None
    dates = [d for d in (case.follow_up_date, case.next_action_due) if d]
    return min(dates) if dates else None


def set_next_action_due(*, case: JointCase, due: datetime.date | None) -> None:
    """Record the earliest open action's term (the plans app calls this in its own
    transaction, after each change to the plan) and recompute the case's next deadline."""
    case.next_action_due = due
    case.next_due = _next_due(case)
    JointCase.objects.filter(pk=case.pk).update(
        next_action_due=case.next_action_due, next_due=case.next_due
    )


CASE_DATES = ["programme_start", "intervention_start", "programme_end", "follow_up_date"]


def open_case(
    *,
    actor: User,
    organisation: Organisation,
    perpetrator_name: str,
    victim_name: str = "",
    phase: str = Phase.REFERRAL,
    code: str = "",
    lead: User | None = None,
    **dates: datetime.date | None,
) -> JointCase:
    """Open a joint case with the actor as its lead worker. Side effects: the actor's agency
    takes part on its side; the man and the woman are recorded, with their name parts
    (`services.names`); audit `case.open`."""
    # `lead`: a colleague who leads the case when a coordinator opens it (an import).
    lead = lead or actor
    side = side_for(organisation, case_role_of(lead, organisation))
    with transaction.atomic():
        case = JointCase(phase=phase, opened_by=actor, **dates)
        if code:  # a code carried over from another system (or the demo's fixed ones)
            case.code = code
        case.next_due = _next_due(case)
        case.save()
        CaseAgency.objects.create(
            case=case,
            organisation=organisation,
            side=side,
            status=AgencyStatus.ACTIVE,
            invited_by=actor,
            responded_by=actor,
            responded_at=timezone.now(),
        )
        CaseMember.objects.create(
            case=case, user=lead, organisation=organisation, side=side, is_lead=True
        )
        man = Person.objects.create(case=case, role=PersonRole.PERPETRATOR, name=perpetrator_name)
        woman = Person.objects.create(case=case, role=PersonRole.VICTIM, name=victim_name)
        index_names([man, woman])
        _log(
            case,
            EntryKind.CASE_OPENED,
            Compartment.JOINT,
            actor=actor,
            organisation_id=organisation.pk,
            title=organisation.name,
        )
        _audit(
            actor,
            "case.open",
            case,
            case,
            organisation.pk,
            ["phase", *dates, "perpetrator.name", "victim.name"],
        )
    return case


def update_case(
    *,
    actor: User,
    access: CaseAccess,
    expected_version: int,
    phase: str,
    **dates: datetime.date | None,
) -> JointCase:
    """Change the case's phase or dates (the risk level comes from the joint risk
    assessment; closing and reopening are `close_case` and `reopen_case`). Raises
    ConcurrentEditError if someone saved it since `expected_version`.
    Side effects: timeline entry; audit `case.update`."""
    case = access.case
    values = {"phase": phase, **dates}
    changed = [name for name, value in values.items() if getattr(case, name) != value]
    with transaction.atomic():
        for name, value in values.items():
            setattr(case, name, value)
        case.next_due = _next_due(case)
        save_versioned(case, fields=[*values, "next_due"], expected_version=expected_version)
        _log(
            case,
            EntryKind.CASE_UPDATED,
            Compartment.JOINT,
            actor=actor,
            organisation_id=access.organisation_id,
        )
        _audit(actor, "case.update", case, case, access.organisation_id, changed)
    return case


def refuse_without_agreement(case: JointCase, invited: Organisation) -> None:
    """Raise SharingRefusedError, naming the organisation that lacks one, unless an
    organisation-level multi-agency agreement is in force between `invited` and every
    organisation taking part in `case` (not only the one that invites it)."""
    from asap.agreements.queries import agreement_in_force  # agreements builds on cases

    taking_part = (
        CaseAgency.objects.filter(case=case, status=AgencyStatus.ACTIVE)
        .exclude(organisation=invited)
        .select_related("organisation")
        .order_by("pk")
    )
    for agency in taking_part:
        if agreement_in_force(agency.organisation, invited) is None:
            raise SharingRefusedError(
                _(
                    "The case cannot share information with %(invited)s: there is no "
                    "multi-agency agreement in force between %(inviting)s and %(invited)s. "
                    "An agency joins a case only when an agreement binds it with every "
                    "organisation already taking part. Their coordinators must first sign an "
                    "organisations level agreement (Agreements)."
                )
                % {"inviting": agency.organisation.name, "invited": invited.name}
            )


def refuse_victim_side_by_others(case: JointCase, side: str, chosen_by: str | None) -> None:
    """Raise SharingRefusedError when someone would join `case` on the victim side, chosen by
    a worker of another side (`chosen_by`), while the case already has a victim side: who
    reads what locates her is the victim side's choice. Before anyone works on the case's
    victim side (a case a perpetrator programme opened), any member invites its shelter."""
    if side != Side.VICTIM or chosen_by == Side.VICTIM:
        return
    if CaseMember.objects.filter(case=case, side=Side.VICTIM, is_active=True).exists():
        raise SharingRefusedError(
            _(
                "Only a worker on the victim side brings in an agency or a worker that would "
                "work on the victim side of this case."
            )
        )


def invite_agency(
    *, actor: User, access: CaseAccess, organisation: Organisation, message: str = ""
) -> CaseAgency:
    """Invite a partner agency to the case. Raises SharingRefusedError when no
    organisation-level agreement is in force between `organisation` and each organisation
    taking part in the case, or when the agency would join the victim side and the actor is
    not on it (`refuse_victim_side_by_others`).
    Side effects: timeline entry; audit `case.invite`; an e-mail (code only, no names) to the
    agency's coordinators on commit."""
    case = access.case
    refuse_without_agreement(case, organisation)
    side = side_for(organisation, Role.CASE_WORKER)
    refuse_victim_side_by_others(case, side, access.side)
    with transaction.atomic():
        agency, _created = CaseAgency.objects.update_or_create(
            case=case,
            organisation=organisation,
            defaults={
                "side": side,
                "status": AgencyStatus.INVITED,
                "invited_by": actor,
                "invited_at": timezone.now(),
                "message": message,
                "responded_by": None,
                "responded_at": None,
                "decline_reason": "",
            },
        )
        _log(
            case,
            EntryKind.AGENCY_INVITED,
            Compartment.JOINT,
            actor=actor,
            organisation_id=access.organisation_id,
            title=organisation.name,
        )
        _audit(actor, "case.invite", agency, case, access.organisation_id, ["organisation"])
        inviter = access.member.organisation.name
        transaction.on_commit(lambda: _mail_invitation(agency, inviter))
    return agency


def _invitation_recipients(organisation: Organisation) -> list[User]:
    people = User.objects.filter(
        memberships__organisation=organisation, memberships__is_active=True, is_active=True
    )
    coordinators = list(people.filter(memberships__role=Role.COORDINATOR).distinct())
    return coordinators or list(people.filter(memberships__role=Role.CASE_WORKER).distinct())


def _mail_invitation(agency: CaseAgency, inviter: str) -> None:
    """Tell the invited agency; the e-mail carries the case code and the inviting agency only."""
    for user in _invitation_recipients(agency.organisation):
        with translation.override(user.language or agency.organisation.language):
            context = {
                "code": agency.case.code,
                "inviter": inviter,
                "organisation": agency.organisation.name,
            }
            subject = _("Invitation to joint case %(code)s") % {"code": agency.case.code}
            body = render_to_string("cases/email/invitation.txt", context)
        send_mail(subject, body, None, [user.email])


def accept_invitation(*, actor: User, invitation: CaseAgency, member: User) -> CaseMember:
    """Accept an agency's invitation and put `member` (the actor or a colleague) on the case
    as its lead worker for that agency. Raises SharingRefusedError when an agreement with
    any organisation taking part (the inviting one included) is not in force, when the
    inviting worker is no longer known, or when `member` would join the victim side on the
    invitation of another side (`refuse_victim_side_by_others`).
    Side effects: timeline entry; audit `case.accept`."""
    case, organisation = invitation.case, invitation.organisation
    inviter = CaseMember.objects.filter(case=case, user_id=invitation.invited_by_id).first()
    if inviter is None:
        # Without the inviting worker, the agreement cannot be checked: refuse, never skip.
        raise SharingRefusedError(
            _(
                "This invitation can no longer be accepted: the worker who sent it is no longer "
                "on the case. Ask the case managers to invite your agency again."
            )
        )
    refuse_without_agreement(case, organisation)
    # The side the chosen worker takes (a partner contact's is the victim side, wherever).
    side = side_for(organisation, case_role_of(member, organisation))
    refuse_victim_side_by_others(case, side, inviter.side)
    with transaction.atomic():
        invitation.status = AgencyStatus.ACTIVE
        invitation.responded_by, invitation.responded_at = actor, timezone.now()
        invitation.save(update_fields=["status", "responded_by", "responded_at"])
        case_member = _add_member(case, member, organisation, is_lead=True)
        _log(
            case,
            EntryKind.AGENCY_JOINED,
            Compartment.JOINT,
            actor=actor,
            organisation_id=organisation.pk,
            title=organisation.name,
        )
        _audit(actor, "case.accept", invitation, case, organisation.pk, ["status", "member"])
    return case_member


def decline_invitation(*, actor: User, invitation: CaseAgency, reason: str = "") -> None:
    """Decline an invitation. Side effects: timeline entry; audit `case.decline`."""
    case = invitation.case
    with transaction.atomic():
        invitation.status = AgencyStatus.DECLINED
        invitation.responded_by, invitation.responded_at = actor, timezone.now()
        invitation.decline_reason = reason
        invitation.save(update_fields=["status", "responded_by", "responded_at", "decline_reason"])
        _log(
            case,
            EntryKind.AGENCY_DECLINED,
            Compartment.JOINT,
            actor=actor,
            organisation_id=invitation.organisation_id,
            title=invitation.organisation.name,
        )
        _audit(
            actor,
            "case.decline",
            invitation,
            case,
            invitation.organisation_id,
            ["status", "decline_reason"],
        )


def _add_member(
    case: JointCase, user: User, organisation: Organisation, *, is_lead: bool
) -> CaseMember:
    side = side_for(organisation, case_role_of(user, organisation))
    member, _created = CaseMember.objects.update_or_create(
        case=case,
        user=user,
        defaults={
            "organisation": organisation,
            "side": side,
            "is_lead": is_lead,
            "is_active": True,
            "left_at": None,
        },
    )
    return member


def _join(
    *,
    actor: User,
    case: JointCase,
    user: User,
    organisation: Organisation,
    action: str,
    lead_if_none: bool = False,
) -> CaseMember:
    """Put `user` on the case for `organisation` (its lead with `lead_if_none` when the
    organisation has none), in one transaction. Side effects: timeline entry; audit
    `action`."""
    with transaction.atomic():
        is_lead = (
            lead_if_none
            and not CaseMember.objects.filter(
                case=case, organisation=organisation, is_active=True, is_lead=True
            ).exists()
        )
        member = _add_member(case, user, organisation, is_lead=is_lead)
        _log(
            case,
            EntryKind.MEMBER_ADDED,
            Compartment.JOINT,
            actor=actor,
            organisation_id=organisation.pk,
            title=user.get_full_name(),
        )
        _audit(actor, action, member, case, organisation.pk, ["user", "side"])
    return member


def add_member(*, actor: User, access: CaseAccess, user: User) -> CaseMember:
    """Put a colleague from the actor's agency on the case. Side effects: timeline entry;
    audit `case.member_add`."""
    return _join(
        actor=actor,
        case=access.case,
        user=user,
        organisation=access.member.organisation,
        action="case.member_add",
    )


def leave_case(*, actor: User, access: CaseAccess) -> None:
    """The actor leaves the case. The agency leaves with its last worker; a remaining
    colleague becomes lead. Side effects: timeline entry; audit `case.leave`."""
    case, member = access.case, access.member
    with transaction.atomic():
        member.is_active, member.is_lead, member.left_at = False, False, timezone.now()
        member.save(update_fields=["is_active", "is_lead", "left_at"])
        colleagues = CaseMember.objects.filter(
            case=case, organisation=member.organisation, is_active=True
        ).order_by("joined_at")
        if not colleagues.exists():
            CaseAgency.objects.filter(case=case, organisation=member.organisation).update(
                status=AgencyStatus.LEFT
            )
        elif not colleagues.filter(is_lead=True).exists():
            colleagues.filter(pk=colleagues.first().pk).update(is_lead=True)
        _log(
            case,
            EntryKind.MEMBER_LEFT,
            Compartment.JOINT,
            actor=actor,
            organisation_id=member.organisation_id,
            title=actor.get_full_name(),
        )
        _audit(actor, "case.leave", member, case, member.organisation_id, ["is_active"])


def set_risk_level(*, actor: User, access: CaseAccess, risk_level: str, alert: bool) -> None:
    """Record the level agreed in a joint risk assessment. With `alert` (it rose to high, or
    a serious indicator is new) every member is told and an extraordinary meeting proposed.
    Side effects: timeline entries; e-mails on commit (code only); audit `case.risk_level`."""
    case = access.case
    with transaction.atomic():
        JointCase.objects.filter(pk=case.pk).update(risk_level=risk_level, version=F("version") + 1)
        case.risk_level = risk_level
        _log(
            case,
            EntryKind.RISK_LEVEL_SET,
            Compartment.JOINT,
            actor=actor,
            organisation_id=access.organisation_id,
            title=case.get_risk_level_display(),
        )
        if alert:
            _log(
                case,
                EntryKind.RISK_ALERT,
                Compartment.JOINT,
                actor=actor,
                organisation_id=access.organisation_id,
            )
            transaction.on_commit(lambda: _mail_risk_alert(case))
        _audit(actor, "case.risk_level", case, case, access.organisation_id, ["risk_level"])


def _mail_risk_alert(case: JointCase) -> None:
    """Tell every member that the risk rose; the e-mail carries the case code only."""
    members = CaseMember.objects.filter(case=case, is_active=True).select_related("user")
    for member in members:
        user = member.user
        with translation.override(user.language or None):
            subject = _("Risk rose in joint case %(code)s") % {"code": case.code}
            body = render_to_string("cases/email/risk_alert.txt", {"code": case.code})
        send_mail(subject, body, None, [user.email])
