"""Reads of meetings. Case meetings, their invitations and minutes are read through the
`CaseAccess` the door gave (`visible_to(access)`: members only, meetings and minutes are
joint). Phase 1 team meetings (no case) are read by the coordinators of the organising agency
and by those invited (`of_organisations`)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import (
    DateTimeField,
    Exists,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from asap.accounts.models import Membership, Organisation, User
from asap.cases import access as door
from asap.cases.access import CaseAccess
from asap.cases.enums import AgencyStatus, EntryKind, PersonRole
from asap.cases.models import CaseAgency, TimelineEntry
from asap.instruments.schedule import time_points
from asap.meetings import timeline
from asap.meetings.enums import MeetingStatus
from asap.meetings.models import Invitation, Meeting, Minutes
from asap.plans.models import ActionItem

UPCOMING_LIMIT = 20
PROPOSALS_LIMIT = 10
BEFORE_ANY = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)  # before every alert
SCHEDULED_WITHIN_DAYS = 31  # a meeting this close to a time point counts as the one it asks for
ALERT_KINDS = (EntryKind.RISK_ALERT, EntryKind.EPISODE_ALERT)


def meetings_for(access: CaseAccess) -> QuerySet[Meeting]:
    """The case's meetings, for members only (a coordinator who is not a member sees none),
    each with `has_minutes` (minutes the reader may read)."""
    minutes = Minutes.objects.visible_to(access).filter(meeting=OuterRef("pk"))
    return (
        Meeting.objects.visible_to(access)
        .annotate(has_minutes=Exists(minutes))
        .select_related("created_by")
    )


def meeting_for(access: CaseAccess, meeting_id: int) -> Meeting:
    """One meeting of the case, or 404."""
    meeting = meetings_for(access).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    meeting.case = access.case  # the policy keeps to the door's case: not read again
    return meeting


def upcoming(meetings: QuerySet[Meeting], now: datetime.datetime) -> list[Meeting]:
    """Planned meetings still to come, soonest first (bounded)."""
    planned = meetings.filter(status=MeetingStatus.PLANNED, ends_at__gte=now)
    return list(planned.order_by("starts_at", "pk")[:UPCOMING_LIMIT])


def past(meetings: QuerySet[Meeting], now: datetime.datetime) -> QuerySet[Meeting]:
    """Meetings held, cancelled or over, latest first (paginate it)."""
    done = Q(ends_at__lt=now) | ~Q(status=MeetingStatus.PLANNED)
    return meetings.filter(done).order_by("-starts_at", "-pk")


def next_meeting(access: CaseAccess, now: datetime.datetime) -> Meeting | None:
    found = upcoming(meetings_for(access), now)
    return found[0] if found else None


def parts_of(model: type[Model], meeting: Meeting, access: CaseAccess | None) -> QuerySet:
    """The invitations or minutes (`model`) of a meeting the caller has read: for a case
    meeting through the reader's `access` (the policy), for a team meeting through its
    organising agency (`of_organisations`). Raises PermissionDenied for a case meeting without
    that case's access."""
    if meeting.case_id:
        if access is None or access.case.pk != meeting.case_id:
            raise PermissionDenied("A case meeting is read through its case's access.")
        return model.objects.visible_to(access).filter(meeting=meeting)
    return model.objects.of_organisations([meeting.organisation_id]).filter(meeting=meeting)


def minutes_of(meeting: Meeting, access: CaseAccess | None = None) -> Minutes | None:
    """The meeting's minutes with who attended (`attendees`), or None (a case meeting's
    through `access`). Two queries; the policy is applied once, to the minutes."""
    attended = Prefetch("attended", queryset=User.objects.order_by("full_name", "pk"))
    parts = parts_of(Minutes, meeting, access)
    minutes = parts.select_related("written_by").prefetch_related(attended).first()
    if minutes is not None:
        minutes.attendees = list(minutes.attended.all())
    return minutes


def attended_of(minutes: Minutes) -> list[User]:
    """Who attended, for minutes read through `minutes_of`."""
    return minutes.attendees


def invitees_of(meeting: Meeting, access: CaseAccess | None = None) -> list[User]:
    invitations = parts_of(Invitation, meeting, access).select_related("user").order_by("pk")
    return [invitation.user for invitation in invitations]


def withheld_actions(access: CaseAccess, meeting: Meeting) -> set[str]:
    """The sides whose actions decided at this meeting are kept from the reader only by a
    consent not (or no longer) in force: to say so, never to show them."""
    if not access.is_member:
        return set()
    return set(
        ActionItem.objects.withheld_from(access)
        .filter(meeting_id=meeting.pk)
        .order_by()
        .values_list("recorded_side", flat=True)
        .distinct()
    )


def proposals_for(access: CaseAccess) -> list[TimelineEntry]:
    """Risk and episode alerts on the case with no extraordinary meeting scheduled after
    them: each proposes one (newest first, bounded). The alerts' time and kind only: no
    shares, author or organisation read with them (one query)."""
    alerts = (
        door.entries_for(access)
        .select_related(None)
        .prefetch_related(None)
        .filter(kind__in=ALERT_KINDS)
    )
    extraordinary = {
        t.key for t in timeline.current().meeting_types if set(t.triggers) & set(ALERT_KINDS)
    }
    # One query: the last extraordinary meeting scheduled is a subquery of the alerts'.
    last = (
        meetings_for(access)
        .filter(type_key__in=extraordinary)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    alerts = alerts.filter(at__gt=Coalesce(Subquery(last), Value(BEFORE_ANY, DateTimeField())))
    return list(alerts.order_by("-at", "-pk")[:PROPOSALS_LIMIT])


@dataclass(frozen=True)
class Suggestion:
    """A meeting the timeline places on a date of the case's schedule."""

    meeting_type: timeline.MeetingType
    due: datetime.date
    label: str  # the time point, e.g. "T2.1"
    scheduled: bool


def suggestions_for(access: CaseAccess, today: datetime.date) -> list[Suggestion]:
    """The case meetings the timeline aligns with the case's time points (T0, T2 every three
    months, T3, T4), and whether one of that type is scheduled within a month of the date."""
    case = access.case
    points = time_points(
        programme_start=case.programme_start,
        intervention_start=case.intervention_start,
        programme_end=case.programme_end,
        follow_up_date=case.follow_up_date,
        today=today,
    )
    types = {t.aligned_with: t for t in timeline.current().types_for("case") if t.aligned_with}
    meetings = list(meetings_for(access).values_list("type_key", "starts_at", "status"))
    suggestions = []
    for point in points:
        meeting_type = types.get(point.point)
        if meeting_type is None:
            continue
        scheduled = any(
            type_key == meeting_type.key
            and status != MeetingStatus.CANCELLED
            and abs((starts_at.date() - point.due).days) <= SCHEDULED_WITHIN_DAYS
            for type_key, starts_at, status in meetings
        )
        suggestions.append(Suggestion(meeting_type, point.due, point.label, scheduled))
    return suggestions


def protected_values(access: CaseAccess) -> list[str]:
    """What the case's joint meeting fields must not repeat: the protected details and the
    woman's and children's names. The door gives them to the victim side only; for everyone
    else this is empty, so a refusal never confirms a guess."""
    details = [detail.value for detail in door.protected_details_for(access)]
    names = [
        person.name
        for person in door.persons_for(access)
        if person.name_visible and person.name and person.role != PersonRole.PERPETRATOR
    ]
    return details + names


def invitable_members(access: CaseAccess) -> QuerySet:
    """The workers who may be invited to a case meeting: its active members (never the woman,
    who is not a user, and nobody outside the case)."""
    return door.members_for(access).order_by("side", "organisation__name", "user__full_name")


# Phase 1 team meetings (organisation level)


def team_meetings_for(user: User) -> QuerySet[Meeting]:
    """Team meetings of the agencies the user coordinates, and those the user is invited to,
    each with `has_minutes`."""
    coordinated = [o.pk for o in user.organisations_where("coordinator")]
    minutes = Minutes.objects.of_organisations(coordinated, invitee=user)
    return (
        Meeting.objects.of_organisations(coordinated, invitee=user)
        .annotate(has_minutes=Exists(minutes.filter(meeting=OuterRef("pk"))))
        .select_related("organisation")
    )


def team_meeting_for(user: User, meeting_id: int) -> Meeting:
    meeting = team_meetings_for(user).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    return meeting


def may_manage_team_meeting(user: User, meeting: Meeting) -> bool:
    """Only the organising agency's coordinators change a team meeting or write its minutes."""
    return meeting.organisation_id in {o.pk for o in user.organisations_where("coordinator")}


def partner_organisations(organisation: Organisation) -> QuerySet[Organisation]:
    """The organisation and the agencies it works joint cases with: the full teams of the
    services/agencies involved."""
    shared_cases = CaseAgency.objects.filter(
        organisation=organisation, status=AgencyStatus.ACTIVE
    ).values("case_id")
    partners = CaseAgency.objects.filter(
        case_id__in=shared_cases, status=AgencyStatus.ACTIVE
    ).values("organisation_id")
    return Organisation.objects.filter(
        Q(pk=organisation.pk) | Q(pk__in=partners), is_active=True
    ).order_by("name")


def team_invitees(organisation: Organisation) -> QuerySet[User]:
    """Who may be invited to a team meeting: the active people of those agencies."""
    return (
        User.objects.filter(
            memberships__organisation__in=partner_organisations(organisation),
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def organisations_of(users: list[User]) -> dict[int, Organisation]:
    """Each user's agency (the first active one), in one query: for team meeting lists."""
    found: dict[int, Organisation] = {}
    memberships = Membership.objects.filter(
        user__in=users, is_active=True, organisation__is_active=True
    ).select_related("organisation")
    for membership in memberships.order_by("organisation__name"):
        found.setdefault(membership.user_id, membership.organisation)
    return found
