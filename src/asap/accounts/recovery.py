"""Account recovery: resetting another person's password or removing their authenticators.

An administrator of every organisation where the person holds a role may ask; for a person
on the victim side (a victim-side case member, a member of a victim support service, or a
partner contact) a second, different administrator approves within 24 hours (four eyes).
"""

from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from asap.accounts import security, services
from asap.accounts.enums import OrganisationKind, Role
from asap.accounts.models import Organisation, RecoveryRequest, SessionRecord, User
from asap.accounts.queries import administered_organisations, people_only_in

APPROVAL_WINDOW = timedelta(hours=24)


def is_on_victim_side(person: User) -> bool:
    """Whether `person` works with what can locate a woman: recovery then needs four eyes."""
    from asap.cases.enums import Side
    from asap.cases.models import CaseMember

    if person.memberships.filter(is_active=True).filter(
        Q(organisation__kind=OrganisationKind.VICTIM_SUPPORT_SERVICE) | Q(role=Role.PARTNER_CONTACT)
    ):
        return True
    return CaseMember.objects.filter(user=person, side=Side.VICTIM).exists()


def recoverable_people(admin: User) -> QuerySet[User]:
    """People `admin` may recover: every active role they hold is in an organisation `admin`
    administers (so no role elsewhere lets one agency take over another's worker). Never the
    system account of an API token: it has no password or authenticator to recover (its
    token is revoked and a new one issued instead)."""
    from asap.api.models import SYSTEM_EMAIL_DOMAIN

    return (
        people_only_in(administered_organisations(admin))
        .exclude(email__endswith=f"@{SYSTEM_EMAIL_DOMAIN}")
        .exclude(pk=admin.pk)
    )


def request_recovery(
    *, actor: User, person: User, kind: str, site: str = "", request: object = None
) -> RecoveryRequest:
    """Ask to recover `person`. Completed at once unless a second administrator must
    approve. Side effects: security events; audit rows."""
    if not recoverable_people(actor).filter(pk=person.pk).exists():
        raise PermissionDenied
    organisation = _shared_organisation(actor, person)
    with transaction.atomic():
        needs_second = is_on_victim_side(person)
        recovery = RecoveryRequest.objects.create(
            person=person,
            organisation=organisation,
            kind=kind,
            state=RecoveryRequest.State.PENDING,
            needs_second_approval=needs_second,
            requested_by=actor,
        )
        security.log_event(
            user=person, action="security.recovery_requested", actor=actor, request=request
        )
        if not needs_second:
            _complete(recovery, site=site)
    return recovery


def _shared_organisation(actor: User, person: User) -> Organisation:
    organisations = administered_organisations(actor)
    return next(
        m.organisation
        for m in person.memberships.filter(is_active=True).select_related("organisation")
        if m.organisation in organisations
    )


def pending_for(admin: User) -> QuerySet[RecoveryRequest]:
    """Requests waiting for a second administrator, in organisations `admin` administers."""
    return RecoveryRequest.objects.filter(
        organisation__in=administered_organisations(admin),
        state=RecoveryRequest.State.PENDING,
        requested_at__gt=timezone.now() - APPROVAL_WINDOW,
    ).select_related("person", "requested_by", "organisation")


def approve_recovery(
    *, actor: User, recovery: RecoveryRequest, site: str = "", request: object = None
) -> None:
    """The second administrator's approval; completes the recovery. Refused to the requester
    himself, to an administrator who could not recover the person, and after 24 hours."""
    _check_second(actor, recovery)
    with transaction.atomic():
        recovery.approved_by, recovery.approved_at = actor, timezone.now()
        recovery.save(update_fields=["approved_by", "approved_at"])
        security.log_event(
            user=recovery.person, action="security.recovery_approved", actor=actor, request=request
        )
        _complete(recovery, site=site)


def refuse_recovery(*, actor: User, recovery: RecoveryRequest, request: object = None) -> None:
    """The second administrator refuses. Side effect: security event."""
    _check_second(actor, recovery)
    with transaction.atomic():
        recovery.state = RecoveryRequest.State.REFUSED
        recovery.refused_by, recovery.refused_at = actor, timezone.now()
        recovery.save(update_fields=["state", "refused_by", "refused_at"])
        security.log_event(
            user=recovery.person, action="security.recovery_refused", actor=actor, request=request
        )


def _check_second(actor: User, recovery: RecoveryRequest) -> None:
    if recovery.state != RecoveryRequest.State.PENDING:
        raise PermissionDenied
    if recovery.requested_by_id == actor.pk:
        raise PermissionDenied
    if not recoverable_people(actor).filter(pk=recovery.person_id).exists():
        raise PermissionDenied
    if recovery.requested_at <= timezone.now() - APPROVAL_WINDOW:
        recovery.state = RecoveryRequest.State.EXPIRED
        recovery.save(update_fields=["state"])
        raise PermissionDenied


def _complete(recovery: RecoveryRequest, *, site: str) -> None:
    person = recovery.person
    Authenticator.objects.filter(user=person).delete()
    security.end_all_sessions(user=person, reason=SessionRecord.EndReason.RECOVERY)
    link = ""
    if recovery.kind == RecoveryRequest.Kind.PASSWORD:
        person.set_unusable_password()
        person.save(update_fields=["password"])
        link = services.password_set_link(person, site)
    recovery.state = RecoveryRequest.State.COMPLETED
    recovery.save(update_fields=["state"])
    security.log_event(user=person, action="security.recovery_completed")
    transaction.on_commit(
        lambda: security.mail_notice(person, "accounts/email/recovery.txt", {"link": link})
    )
