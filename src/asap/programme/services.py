"""Writes of his programme: a change of status, a session of the register, and the alert to
the victim side. Only perpetrator-side members of the case write (PermissionDenied for
anyone else). Each write leaves its audit row (field names, never values) in its own
transaction; an alert also leaves a timeline entry for the victim side and, on commit, a
content-free e-mail to every active victim-side member of the case."""

import datetime

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from asap.accounts.enums import OrganisationKind, Role
from asap.accounts.models import Organisation, User
from asap.cases.access import CaseAccess
from asap.cases.enums import Compartment, EntryKind, Side
from asap.cases.models import CaseMember, JointCase, TimelineEntry
from asap.cases.services import record_timeline
from asap.core import audit
from asap.core.versioning import save_versioned
from asap.programme import queries
from asap.programme.enums import ALERTING_STATUSES, ProgrammeStatus
from asap.programme.models import ProgrammeSession, StatusChange
from asap.webhooks.enums import EventKind
from asap.webhooks.events import emit

SESSION_FIELDS = ["date", "kind", "attendance", "note"]
PLATFORM = ""  # the alert is the platform's: it carries no one's content


def may_write(access: CaseAccess) -> bool:
    """Only the perpetrator side records his programme."""
    return access.is_member and access.side == Side.PERPETRATOR


def _require_writer(access: CaseAccess) -> None:
    if not may_write(access):
        raise PermissionDenied("Only the perpetrator side records his programme.")


def _audit(actor: User, action: str, obj: object, access: CaseAccess, fields: list[str]) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=obj,
        organisation_id=access.organisation_id,
        case_id=access.case.pk,
        fields=fields,
    )


def record_status(
    *,
    actor: User,
    access: CaseAccess,
    status: str,
    date: datetime.date,
    reason: str = "",
) -> StatusChange:
    """Record a new step of his programme, from `date`, with the programme's reason.

    Side effects: a PROGRAMME_STATUS timeline entry titled with the status only (joint,
    recorded by the perpetrator side); audit `programme_status.add`; for a suspension, a
    drop-out or an expulsion, `alert_victim_side` (entry, audit, e-mail on commit).
    """
    _require_writer(access)
    case = access.case
    with transaction.atomic():
        entry = record_timeline(
            case=case,
            kind=EntryKind.PROGRAMME_STATUS,
            compartment=Compartment.JOINT,
            actor=actor,
            organisation_id=access.organisation_id,
            title=str(ProgrammeStatus(status).label),
            recorded_side=Side.PERPETRATOR,
        )
        change = StatusChange.objects.create(
            case=case,
            entry=entry,
            status=status,
            date=date,
            reason=reason,
            recorded_by=actor,
            organisation_id=access.organisation_id,
        )
        _audit(actor, "programme_status.add", change, access, ["status", "date", "reason"])
        if status in (ProgrammeStatus.DROPPED_OUT, ProgrammeStatus.EXPELLED):  # he left early
            emit(EventKind.DROPPED_OUT, case, recorded_side=Side.PERPETRATOR)
        if status in ALERTING_STATUSES:
            alert_victim_side(
                case=case,
                actor=actor,
                organisation_id=access.organisation_id,
                title=str(ALERTING_STATUSES[status]),
            )
    return change


def record_session(
    *,
    actor: User,
    access: CaseAccess,
    date: datetime.date,
    kind: str,
    attendance: str,
    note: str = "",
) -> ProgrammeSession:
    """Add a session to his register. Side effects: audit `programme_session.add`; when his
    absences in a row reach the organisation's threshold, `alert_victim_side` (once a
    streak)."""
    _require_writer(access)
    _check_choices({"kind": kind, "attendance": attendance})
    with transaction.atomic():
        session = ProgrammeSession.objects.create(
            case=access.case,
            date=date,
            kind=kind,
            attendance=attendance,
            note=note,
            recorded_by=actor,
            organisation_id=access.organisation_id,
        )
        _audit(actor, "programme_session.add", session, access, SESSION_FIELDS)
        _alert_on_streak(actor=actor, access=access)
    return session


def update_session(
    *,
    actor: User,
    access: CaseAccess,
    session: ProgrammeSession,
    expected_version: int,
    **values: object,
) -> ProgrammeSession:
    """Correct a session of the register. Raises ConcurrentEditError on a stale version.
    Side effects: audit `programme_session.update` naming the changed fields; the streak is
    checked again (a corrected attendance may make or end one)."""
    _require_writer(access)
    unknown = set(values) - set(SESSION_FIELDS)
    if unknown:
        raise ValueError(f"Not a field of a session: {sorted(unknown)}")
    _check_choices(values)
    changed = [name for name, value in values.items() if getattr(session, name) != value]
    with transaction.atomic():
        for name, value in values.items():
            setattr(session, name, value)
        save_versioned(session, fields=list(values), expected_version=expected_version)
        _audit(actor, "programme_session.update", session, access, changed)
        _alert_on_streak(actor=actor, access=access)
    return session


def _check_choices(values: dict[str, object]) -> None:
    """A session's kind and attendance are one of their choices (a form checks them; a
    service does too, since an attendance outside the choices would never count as an
    absence, and the victim side's alert on a streak would never come)."""
    for name in ("kind", "attendance"):
        if name in values:
            choices = ProgrammeSession._meta.get_field(name).choices or []
            if values[name] not in {value for value, _label in choices}:
                raise ValueError(f"Not a session's {name}: {values[name]!r}")


def _alert_on_streak(*, actor: User, access: CaseAccess) -> None:
    """Alert the victim side when the current streak of absences reaches the threshold of
    the recording programme and no absence of this streak has alerted yet."""
    organisation = access.member.organisation if access.member else None
    threshold = max(1, organisation.absence_alert_threshold if organisation else 2)
    streak = list(queries.absence_streak(access).values_list("pk", "alerted"))
    if len(streak) < threshold or any(alerted for _pk, alerted in streak):
        return
    latest = streak[-1][0]
    ProgrammeSession.objects.visible_to(access).filter(pk=latest).update(alerted=True)
    count = len(streak)
    alert_victim_side(
        case=access.case,
        actor=actor,
        organisation_id=access.organisation_id,
        title=ngettext("%(count)d absence in a row", "%(count)d absences in a row", count)
        % {"count": count},
    )


def alert_victim_side(
    *, case: JointCase, actor: User | None, organisation_id: int | None, title: str
) -> TimelineEntry:
    """Alert the victim side of `case` at once that his programme needs her to be informed
    and her safety plan reviewed. Call inside the caller's transaction; `title` says what
    happened in a few words and carries no reason or note.

    Side effects: a PROGRAMME_ALERT timeline entry in the victim compartment, recorded by the
    platform (every victim-side member reads it, the partner contact too; nobody else unless
    a victim-side worker shares it); audit `programme_alert.add`; on commit, an e-mail
    carrying the case code only to every active victim-side member of the case.
    """
    with transaction.atomic():
        entry = record_timeline(
            case=case,
            kind=EntryKind.PROGRAMME_ALERT,
            compartment=Compartment.VICTIM,
            actor=actor,
            organisation_id=organisation_id,
            title=title,
            recorded_side=PLATFORM,
        )
        audit.record(
            actor=actor,
            action="programme_alert.add",
            obj=entry,
            organisation_id=organisation_id,
            case_id=case.pk,
            fields=["kind", "title"],
        )
        transaction.on_commit(lambda: mail_programme_alert(case))
    return entry


def victim_side_members(case: JointCase) -> list[CaseMember]:
    """The active victim-side members of the case (workers of the victim support service and
    the programme's partner contact), with their user."""
    members = CaseMember.objects.filter(
        case=case, is_active=True, side=Side.VICTIM, user__is_active=True
    ).select_related("user")
    return list(members.order_by("pk"))


def mail_programme_alert(case: JointCase) -> None:
    """Tell every active victim-side member that an alert of the case awaits them: the case
    code only, nothing about him, his programme or her."""
    for member in victim_side_members(case):
        user = member.user
        with translation.override(user.language or None):
            subject = _("New alert in joint case %(code)s") % {"code": case.code}
            body = render_to_string("programme/email/alert.txt", {"code": case.code})
        send_mail(subject, body, None, [user.email])


def set_absence_threshold(*, actor: User, organisation: Organisation, threshold: int) -> None:
    """Set how many absences in a row alert the victim side, for a perpetrator programme the
    actor administers or coordinates. Raises PermissionDenied otherwise, ValueError below 1.
    Side effect: audit `organisation.update`."""
    roles = {m.role for m in actor.active_memberships if m.organisation_id == organisation.pk}
    if not roles & {Role.ADMINISTRATOR, Role.COORDINATOR}:
        raise PermissionDenied("Only its administrator or coordinator changes this.")
    if organisation.kind != OrganisationKind.PERPETRATOR_PROGRAMME:
        raise PermissionDenied("Only a perpetrator programme has this setting.")
    if threshold < 1:
        raise ValueError("At least one absence.")
    with transaction.atomic():
        organisation.absence_alert_threshold = threshold
        organisation.save(update_fields=["absence_alert_threshold"])
        audit.record(
            actor=actor,
            action="organisation.update",
            obj=organisation,
            organisation_id=organisation.pk,
            fields=["absence_alert_threshold"],
        )
