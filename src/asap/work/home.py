"""What the home page shows beside My work: the invitations awaiting the person's agencies, how
many open cases they work on and which come due, and a card per role that has something to
count (a coordinator's cases without a worker, a trainer's next sessions). Metadata only
(codes, dates, counts), each part one query whatever the number of cases or invitations."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from asap.accounts.enums import Role
from asap.accounts.models import User
from asap.cases.access import invitations_for
from asap.cases.enums import AgencyStatus, CaseStatus
from asap.cases.models import CaseAgency, CaseMember
from asap.plans.queries import my_overdue_actions
from asap.training.models import Session

DUE_SOON_DAYS = 7
LISTED = 5  # rows listed per card; the card links to the whole list


@dataclass
class Home:
    """The home page's figures for one person."""

    invitations: list = field(default_factory=list)
    more_invitations: bool = False
    open_cases: int = 0
    overdue_cases: int = 0
    due_soon_cases: int = 0
    coming_due: list = field(default_factory=list)  # CaseMember rows, with their case
    overdue_actions: list = field(default_factory=list)  # the person's own: code and term only
    without_worker: int | None = None  # coordinators only
    sessions: list | None = None  # trainers only


def _cases(home: Home, user: User, today: datetime.date) -> None:
    """The open cases where `user` is an active member: counts (one query) and the soonest
    deadlines (one query)."""
    seats = CaseMember.objects.filter(user=user, is_active=True, case__status=CaseStatus.OPEN)
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    counts = seats.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(case__next_due__lt=today)),
        due_soon=Count("pk", filter=Q(case__next_due__gte=today, case__next_due__lte=soon)),
    )
    home.open_cases = counts["total"]
    home.overdue_cases = counts["overdue"]
    home.due_soon_cases = counts["due_soon"]
    if home.overdue_cases or home.due_soon_cases:
        home.coming_due = list(
            seats.filter(case__next_due__lte=soon)
            .select_related("case")
            .only("pk", "case_id", "case__code", "case__next_due")
            .order_by("case__next_due", "case_id")[:LISTED]
        )


def _without_worker(user: User) -> int:
    """Open cases in which an agency the person coordinates takes part with no active worker
    of its own (one query)."""
    coordinated = [o.pk for o in user.organisations_where(Role.COORDINATOR)]
    workers = CaseMember.objects.filter(
        case_id=OuterRef("case_id"), organisation_id=OuterRef("organisation_id"), is_active=True
    )
    return (
        CaseAgency.objects.filter(
            organisation_id__in=coordinated,
            status=AgencyStatus.ACTIVE,
            case__status=CaseStatus.OPEN,
        )
        .filter(~Exists(workers))
        .values("case_id")
        .distinct()
        .count()
    )


def _next_sessions(user: User) -> list:
    """The next sessions of the trainer's organisations' events (one query)."""
    organisations = user.organisations_where(Role.TRAINER)
    return list(
        Session.objects.filter(event__organisation__in=organisations, starts_at__gte=timezone.now())
        .select_related("event")
        .order_by("starts_at", "pk")[:LISTED]
    )


def home_for(user: User) -> Home:
    """The home page's figures for `user` (a fixed number of queries: at most eight)."""
    home = Home()
    if user.works_on_cases:
        invitations = list(invitations_for(user)[: LISTED + 1])
        home.invitations = invitations[:LISTED]
        home.more_invitations = len(invitations) > LISTED
        today = timezone.localdate()
        _cases(home, user, today)
        home.overdue_actions = my_overdue_actions(user, today)
    if user.organisations_where(Role.COORDINATOR):
        home.without_worker = _without_worker(user)
    if user.organisations_where(Role.TRAINER):
        home.sessions = _next_sessions(user)
    return home
