"""Writes on meetings: scheduling (a case meeting, or a Phase 1 team meeting), changing a
meeting, and writing its minutes. Each leaves its audit row (field names, never values) in
the same transaction; invitations go out by e-mail on commit with the calendar file, and
carry the type of meeting, the case code, the time and the venue or link only (and the
e-mail addresses of the organiser and the workers invited). A change of time, place or
status raises the meeting's calendar SEQUENCE and sends every invitee the update (or, for a
cancelled meeting, the cancellation) with the same UID; a worker taken off the invitation
list gets a cancellation of their copy.

Minutes of a case meeting put the actions decided into the joint action plan through the
plans app's services, then keep the plan as it stood after the meeting.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from asap.accounts.models import Organisation, User
from asap.cases.access import CaseAccess, members_for
from asap.cases.enums import Compartment, EntryKind
from asap.cases.models import CaseMember
from asap.cases.services import record_timeline
from asap.core import audit
from asap.core.versioning import ConcurrentEditError, save_versioned
from asap.meetings import ics, queries, timeline
from asap.meetings.enums import MeetingMode, MeetingStatus
from asap.meetings.invitation_mail import CHANGED, INVITED, REMOVED, send_invitations
from asap.meetings.models import Invitation, Meeting, Minutes
from asap.plans import services as plans
from asap.webhooks.enums import EventKind
from asap.webhooks.events import emit

MEETING_FIELDS = ("title", "starts_at", "ends_at", "mode", "venue", "link")
# A change to these tells every invitee again, with the calendar file (a higher SEQUENCE).
NOTIFIED_FIELDS = ("starts_at", "ends_at", "mode", "venue", "link", "status")


class InviteeRefusedError(PermissionDenied):
    """Someone who may not be invited: not a worker of the case (or of the agencies)."""


@dataclass(frozen=True)
class NewAction:
    """An action decided in the minutes, for the joint action plan."""

    need: str
    action: str
    term: datetime.date
    responsible: str
    responsible_user: User | None = None


@dataclass(frozen=True)
class ActionUpdate:
    """A new status for an action already in the plan, reviewed at the meeting."""

    item: Any  # asap.plans.models.ActionItem, read through asap.plans.queries
    status: str
    expected_version: int


def _audit(
    actor: User, action: str, meeting: Meeting, fields: Iterable[str], org: int | None
) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=meeting,
        organisation_id=org,
        case_id=meeting.case_id,
        fields=fields,
    )


def _check_place(mode: str, venue: str, link: str) -> None:
    if mode == MeetingMode.ONLINE and not link:
        raise ValueError("An online meeting needs its link.")


def _check_invitees(allowed: Iterable[User], invitees: Iterable[User]) -> None:
    allowed_ids = {user.pk for user in allowed}
    if any(user.pk not in allowed_ids for user in invitees):
        raise InviteeRefusedError("Only the workers of the case (or agencies) may be invited.")


def _case_invitable(access: CaseAccess) -> list[User]:
    return [member.user for member in members_for(access)]


def _steps(steps_done: Iterable[str], *add: str) -> list[str]:
    """The steps done, in the source's order, with `add` marked done too."""
    done = set(steps_done) | set(add)
    return [key for key in timeline.STEP_KEYS if key in done]


def schedule_meeting(
    *,
    actor: User,
    access: CaseAccess,
    type_key: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    mode: str,
    venue: str = "",
    link: str = "",
    invitees: Sequence[User] = (),
    steps_done: Iterable[str] = (),
) -> Meeting:
    """Schedule a case meeting of the current timeline. Raises PermissionDenied for a
    non-member or an invitee who is not a worker of the case. Side effects: timeline entry
    (joint); audit `meeting.schedule`; invitation e-mails with the calendar file on commit."""
    if not access.is_member:
        raise PermissionDenied("Only members schedule the case's meetings.")
    current = timeline.current()
    if current.type(type_key).level != "case":
        raise ValueError(f"{type_key} is not a case meeting.")
    _check_place(mode, venue, link)
    _check_invitees(_case_invitable(access), invitees)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            case=access.case,
            organisation_id=access.organisation_id,
            type_key=type_key,
            timeline_version=current.version,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            mode=mode,
            venue=venue,
            link=link,
            steps_done=_steps(steps_done, *(["invitation"] if invitees else [])),
            created_by=actor,
        )
        _invite(meeting, invitees, actor, invitees)
        record_timeline(
            case=access.case,
            kind=EntryKind.MEETING,
            compartment=Compartment.JOINT,
            actor=actor,
            organisation_id=access.organisation_id,
            title=_("%(type)s scheduled for %(day)s")
            % {
                "type": current.type(type_key).label(),
                "day": date_format(timezone.localtime(starts_at), "SHORT_DATE_FORMAT"),
            },
        )
        fields = ["type_key", *MEETING_FIELDS, "invitations"]
        _audit(actor, "meeting.schedule", meeting, fields, access.organisation_id)
        emit(EventKind.MEETING_PROPOSED, access.case)
    return meeting


def schedule_team_meeting(
    *,
    actor: User,
    organisation: Organisation,
    invitable: Iterable[User],
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    mode: str,
    venue: str = "",
    link: str = "",
    invitees: Sequence[User] = (),
    steps_done: Iterable[str] = (),
) -> Meeting:
    """Schedule a Phase 1 team meeting of `organisation` (the actor coordinates it), inviting
    people of `invitable` (its own and its partner agencies'). Side effects: audit
    `meeting.schedule`; invitation e-mails with the calendar file on commit."""
    if organisation not in actor.organisations_where("coordinator"):
        raise PermissionDenied("Only the agency's coordinators schedule its team meetings.")
    current = timeline.current()
    team_type = current.types_for("organisation")[0]
    _check_place(mode, venue, link)
    _check_invitees(invitable, invitees)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            organisation=organisation,
            type_key=team_type.key,
            timeline_version=current.version,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            mode=mode,
            venue=venue,
            link=link,
            steps_done=_steps(steps_done, *(["invitation"] if invitees else [])),
            created_by=actor,
        )
        _invite(meeting, invitees, actor, invitees)
        fields = ["type_key", *MEETING_FIELDS, "invitations"]
        _audit(actor, "meeting.schedule", meeting, fields, organisation.pk)
    return meeting


def update_meeting(
    *,
    actor: User,
    meeting: Meeting,
    expected_version: int,
    invitable: Iterable[User],
    invitees: Sequence[User],
    status: str,
    steps_done: Iterable[str],
    access: CaseAccess | None = None,
    **values: Any,
) -> Meeting:
    """Change a meeting (its `MEETING_FIELDS`, status, steps and invitees). The caller has
    fetched it through the door (or the team meeting queries) and passes who may be
    invited; a case meeting is changed through the case's `access` (its invitations and
    minutes are read through it). Raises ConcurrentEditError if it changed since
    `expected_version`. Side effects: audit `meeting.update`; new invitees are invited,
    removed ones dropped and sent a cancellation of their copy; after a change of time,
    place or status the calendar SEQUENCE rises and every invitee is told again (an update,
    or a cancellation if the meeting is cancelled), on commit."""
    unknown = set(values) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"update_meeting() cannot change {sorted(unknown)}")
    _check_place(values.get("mode", meeting.mode), "", values.get("link", meeting.link))
    _check_invitees(invitable, invitees)
    # What the platform saw done stays done: invitations sent, minutes written.
    seen = (["invitation"] if invitees else []) + (
        ["minutes"] if queries.parts_of(Minutes, meeting, access).exists() else []
    )
    values = {**values, "status": status, "steps_done": _steps(steps_done, *seen)}
    changed = [name for name, value in values.items() if getattr(meeting, name) != value]
    notify = [name for name in changed if name in NOTIFIED_FIELDS]
    with transaction.atomic():
        invitations = queries.parts_of(Invitation, meeting, access)
        current = set(invitations.values_list("user_id", flat=True))
        wanted = {user.pk for user in invitees}
        removed = sorted(current - wanted)
        for name, value in values.items():
            setattr(meeting, name, value)
        if notify or removed:
            # Under the version check: no other change can have raised it meanwhile.
            meeting.calendar_sequence += 1
        fields = [*values, "calendar_sequence"]
        save_versioned(meeting, fields=fields, expected_version=expected_version)
        invitations.exclude(user_id__in=wanted).delete()
        _invite(meeting, [u for u in invitees if u.pk not in current], actor, invitees)
        attendees = [user.email for user in invitees]
        if notify and current & wanted:
            told = sorted(current & wanted)
            transaction.on_commit(lambda: send_invitations(meeting, told, CHANGED, attendees))
        if removed:
            transaction.on_commit(lambda: send_invitations(meeting, removed, REMOVED))
        if current != wanted:
            changed.append("invitations")
        if meeting.case_id:
            record_timeline(
                case=meeting.case,
                kind=EntryKind.MEETING,
                compartment=Compartment.JOINT,
                actor=actor,
                organisation_id=_organisation_of(actor, meeting),
                title=_("%(type)s changed") % {"type": ics.meeting_type_of(meeting).label()},
            )
        _audit(actor, "meeting.update", meeting, changed, _organisation_of(actor, meeting))
    return meeting


def _organisation_of(actor: User, meeting: Meeting) -> int | None:
    """The actor's agency in the case (for the audit row), else the organising agency."""
    if meeting.case_id:
        member = CaseMember.objects.filter(
            case_id=meeting.case_id, user=actor, is_active=True
        ).first()
        if member is not None:
            return member.organisation_id
    return meeting.organisation_id


def _invite(
    meeting: Meeting, invitees: Iterable[User], actor: User, everyone: Iterable[User]
) -> None:
    """Create the invitations of `invitees`; the e-mails go when the transaction commits,
    their calendar files naming `everyone` invited."""
    users = list(invitees)
    if not users:
        return
    Invitation.objects.bulk_create(
        [Invitation(meeting=meeting, user=user, invited_by=actor) for user in users]
    )
    if "invitation" not in meeting.steps_done:
        meeting.steps_done = _steps(meeting.steps_done, "invitation")
        Meeting.objects.filter(pk=meeting.pk).update(steps_done=meeting.steps_done)
    ids = [user.pk for user in users]
    attendees = [user.email for user in everyone]
    transaction.on_commit(lambda: send_invitations(meeting, ids, INVITED, attendees))


def _set_attended(minutes: Minutes, attended: Sequence[User]) -> None:
    """Who attended, in the link table (`attended.set()` would read the minutes' related
    manager outside the policy)."""
    link = Minutes.attended.through
    link.objects.filter(minutes_id=minutes.pk).delete()
    link.objects.bulk_create([link(minutes_id=minutes.pk, user_id=user.pk) for user in attended])
    minutes.attendees = list(attended)


def write_minutes(
    *,
    actor: User,
    meeting: Meeting,
    expected_version: int,
    attended: Sequence[User],
    decisions: str,
    invitable: Iterable[User],
    access: CaseAccess | None = None,
    new_actions: Sequence[NewAction] = (),
    action_updates: Sequence[ActionUpdate] = (),
) -> Minutes:
    """Write (or, with `expected_version` > 0, change) the minutes: who attended (workers
    of the case or agencies only), the decisions (joint), and for a case meeting the new
    actions and the new status of reviewed ones, through the plans services. The meeting
    becomes held; the steps "minutes" (and "action plan") are done. Raises
    ConcurrentEditError if the minutes changed since `expected_version`. Side effects:
    action plan rows and a snapshot of the plan after the meeting; timeline entry; audit
    `meeting.minutes`."""
    if meeting.case_id and (access is None or access.case.pk != meeting.case_id):
        raise PermissionDenied("Case minutes are written through the case's access.")
    if not meeting.case_id and (new_actions or action_updates):
        raise ValueError("A team meeting has no action plan.")
    _check_invitees(invitable, attended)
    with transaction.atomic():
        minutes = queries.parts_of(Minutes, meeting, access).first()
        if minutes is None:
            if expected_version:
                raise ConcurrentEditError
            minutes = Minutes.objects.create(
                meeting=meeting,
                decisions=decisions,
                compartment=Compartment.JOINT,
                written_by=actor,
            )
            fields = ["attended", "decisions"]
        else:
            fields = ["decisions"] if minutes.decisions != decisions else []
            minutes.decisions, minutes.written_by = decisions, actor
            save_versioned(
                minutes, fields=["decisions", "written_by"], expected_version=expected_version
            )
            fields.append("attended")
        _set_attended(minutes, attended)
        for new in new_actions:
            plans.add_action(
                actor=actor,
                access=access,
                need=new.need,
                action=new.action,
                term=new.term,
                responsible=new.responsible,
                responsible_user=new.responsible_user,
                compartment=Compartment.JOINT,
                meeting_id=meeting.pk,
            )
        for update in action_updates:
            plans.update_action(
                actor=actor,
                access=access,
                item=update.item,
                expected_version=update.expected_version,
                status=update.status,
            )
        done = ["minutes"] + (["action_plan"] if new_actions or action_updates else [])
        meeting.steps_done = _steps(meeting.steps_done, *done)
        if meeting.status == MeetingStatus.PLANNED:
            meeting.status = MeetingStatus.HELD
        Meeting.objects.filter(pk=meeting.pk).update(
            steps_done=meeting.steps_done, status=meeting.status
        )
        organisation_id = _organisation_of(actor, meeting)
        if meeting.case_id:
            plans.snapshot_plan(actor=actor, access=access, meeting_id=meeting.pk)
            record_timeline(
                case=meeting.case,
                kind=EntryKind.MEETING,
                compartment=Compartment.JOINT,
                actor=actor,
                organisation_id=organisation_id,
                title=_("Minutes of the %(type)s")
                % {"type": ics.meeting_type_of(meeting).label().lower()},
            )
        if new_actions:
            fields.append("new_actions")
        if action_updates:
            fields.append("action_updates")
        audit.record(
            actor=actor,
            action="meeting.minutes",
            obj=minutes,
            organisation_id=organisation_id,
            case_id=meeting.case_id,
            fields=fields,
        )
    return minutes
