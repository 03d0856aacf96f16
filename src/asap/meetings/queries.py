"""Reads of meetings. Case meetings are read through the `CaseAccess` the door gave: members
only (meetings and minutes are joint). Phase 1 team meetings are read by the coordinators of
the organising agency and by those invited."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from asap.accounts.models import Membership, Organisation, User
from asap.cases import access as door
from asap.cases.access import CaseAccess
from asap.cases.enums import AgencyStatus, EntryKind, PersonRole
from asap.cases.models import CaseAgency, TimelineEntry
from asap.instruments.schedule import time_points
from asap.meetings import timeline
from asap.meetings.enums import MeetingStatus
from asap.meetings.models import Meeting, Minutes

UPCOMING_LIMIT = 20
PROPOSALS_LIMIT = 10
SCHEDULED_WITHIN_DAYS = 31  # a meeting this close to a time point counts as the one it asks for
ALERT_KINDS = (EntryKind.RISK_ALERT, EntryKind.EPISODE_ALERT)


def meetings_for(access: CaseAccess) -> QuerySet[Meeting]:
    """The case's meetings, for members only (a coordinator who is not a member sees none)."""
    if not access.is_member:
        return Meeting.objects.none()
    return Meeting.objects.filter(case=access.case).select_related("minutes", "created_by")


def meeting_for(access: CaseAccess, meeting_id: int) -> Meeting:
    """One meeting of the case, or 404."""
    meeting = meetings_for(access).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
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


def minutes_of(meeting: Meeting) -> Minutes | None:
    """The meeting's minutes with who attended, or None."""
    return (
        Minutes.objects.filter(meeting=meeting)
        .select_related("written_by")
        .prefetch_related("attended")
        .first()
    )


def invitees_of(meeting: Meeting) -> list[User]:
    return [
        invitation.user for invitation in meeting.invitations.select_related("user").order_by("pk")
    ]


def proposals_for(access: CaseAccess) -> list[TimelineEntry]:
    """Risk and episode alerts on the case with no extraordinary meeting scheduled after
    them: each proposes one (newest first, bounded)."""
    alerts = door.entries_for(access).filter(kind__in=ALERT_KINDS)
    extraordinary = {
        t.key for t in timeline.current().meeting_types if set(t.triggers) & set(ALERT_KINDS)
    }
    last = (
        meetings_for(access)
        .filter(type_key__in=extraordinary)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last is not None:
        alerts = alerts.filter(at__gt=last)
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
    """Team meetings of the agencies the user coordinates, and those the user is invited to."""
    coordinated = [o.pk for o in user.organisations_where("coordinator")]
    return (
        Meeting.objects.filter(case__isnull=True)
        .filter(Q(organisation_id__in=coordinated) | Q(invitations__user=user))
        .distinct()
        .select_related("minutes", "organisation")
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
