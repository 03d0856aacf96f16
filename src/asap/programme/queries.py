"""Reads of his programme. Every function takes the `CaseAccess` the door gave.

The barrier decides what a viewer reads: the status history and the register are joint,
recorded by the perpetrator side (`visible_to(access)`: the victim side reads them, other
agencies under his waiver); the reason of a status and the note of a session are the
perpetrator side's only, so for any other reader they are never loaded and are emptied
before a record leaves this module. Other apps (the court's progress report) read here.
"""

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from asap.cases.access import CaseAccess
from asap.cases.enums import Compartment
from asap.programme.compartments import PERPETRATOR_ONLY
from asap.programme.enums import ABSENCES, Attendance
from asap.programme.models import ProgrammeSession, StatusChange


def reads_notes(access: CaseAccess) -> bool:
    """Whether the viewer reads the programme's reasons and notes (the perpetrator side)."""
    return access.is_member and access.may_read(Compartment.PERPETRATOR)


def _guarded(access: CaseAccess, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The queryset, without the perpetrator side's texts for anyone else: never decrypted."""
    if reads_notes(access):
        return queryset
    return queryset.defer(*PERPETRATOR_ONLY[queryset.model])


def _emptied(access: CaseAccess, rows: list[Any]) -> list[Any]:
    """The rows with every field the viewer may not read emptied (no query: the deferred
    fields are set, not loaded)."""
    if not reads_notes(access):
        for row in rows:
            for name in PERPETRATOR_ONLY[type(row)]:
                setattr(row, name, "")
    return rows


def status_history(access: CaseAccess) -> list[StatusChange]:
    """Every step of his programme the viewer may read, latest first; the reasons for the
    perpetrator side only."""
    statuses = StatusChange.objects.visible_to(access).select_related("recorded_by")
    return _emptied(access, list(_guarded(access, statuses).order_by("-date", "-pk")))


def current_status(access: CaseAccess) -> StatusChange | None:
    """The latest step of his programme the viewer may read (no reason), or None."""
    statuses = StatusChange.objects.visible_to(access).defer("reason").order_by("-date", "-pk")
    latest = statuses.first()
    if latest is not None:
        latest.reason = ""
    return latest


def register(access: CaseAccess) -> QuerySet[ProgrammeSession]:
    """The register of his sessions the viewer may read, latest first, for one page at a time:
    pass each page through `readable()` before showing it."""
    sessions = ProgrammeSession.objects.visible_to(access).select_related("recorded_by")
    return _guarded(access, sessions).order_by("-date", "-pk")


def readable(access: CaseAccess, rows: list[ProgrammeSession]) -> list[ProgrammeSession]:
    """A page of the register as the viewer may read it (notes emptied for the others)."""
    return _emptied(access, list(rows))


def sessions_for(
    access: CaseAccess,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> list[ProgrammeSession]:
    """His sessions from `date_from` to `date_to` (both included, either open), earliest
    first; the notes for the perpetrator side only."""
    sessions = register(access)
    if date_from is not None:
        sessions = sessions.filter(date__gte=date_from)
    if date_to is not None:
        sessions = sessions.filter(date__lte=date_to)
    return readable(access, list(sessions.order_by("date", "pk")))


def session_for(access: CaseAccess, session_id: int) -> ProgrammeSession | None:
    """One session of the register the viewer may read, or None."""
    session = register(access).filter(pk=session_id).first()
    return readable(access, [session])[0] if session else None


def absence_streak(access: CaseAccess) -> QuerySet[ProgrammeSession]:
    """The absences since he last came (present or late): the current streak, with or
    without notice alike. One query to find where it starts."""
    sessions = ProgrammeSession.objects.visible_to(access)
    last_came = (
        sessions.exclude(attendance__in=ABSENCES)
        .order_by("-date", "-pk")
        .values_list("date", "pk")
        .first()
    )
    streak = sessions.filter(attendance__in=ABSENCES)
    if last_came is not None:
        date, pk = last_came
        streak = streak.filter(Q(date__gt=date) | Q(date=date, pk__gt=pk))
    return streak.order_by("date", "pk")


@dataclass(frozen=True)
class AttendanceFigures:
    """His attendance in figures: what every side may know, never why."""

    held: int
    present: int
    absent_with_notice: int
    absent_without_notice: int
    late: int
    streak: int

    @property
    def absent(self) -> int:
        return self.absent_with_notice + self.absent_without_notice


def attendance_figures(access: CaseAccess) -> AttendanceFigures:
    """Sessions held, present, absent with and without notice, late, and the current streak
    of absences in a row (`absence_streak`, counted here: the absences before the latest
    session he came to). One query, whatever the size of the register: the attendance of
    each session the viewer may read, newest first (a programme's sessions, not a case's
    whole history)."""
    attendances = list(
        ProgrammeSession.objects.visible_to(access)
        .order_by("-date", "-pk")
        .values_list("attendance", flat=True)
    )
    counts = Counter(attendances)
    streak = next((n for n, a in enumerate(attendances) if a not in ABSENCES), len(attendances))
    return AttendanceFigures(
        held=len(attendances),
        present=counts[Attendance.PRESENT],
        absent_with_notice=counts[Attendance.ABSENT_WITH_NOTICE],
        absent_without_notice=counts[Attendance.ABSENT_WITHOUT_NOTICE],
        late=counts[Attendance.LATE],
        streak=streak,
    )
