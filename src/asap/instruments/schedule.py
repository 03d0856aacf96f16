"""The outcome measurement schedule, computed from a case's dates (so it moves with them).

T0 at the start of the programme; T1 at the start of the intervention; T2 every three months
of the intervention, until the end of the programme (while there is no end date, up to the
next one after today); T3 at the end of the programme; T4 at follow-up — the case's follow-up
date, or by default six months after the end.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings

from asap.instruments.enums import TimePoint

T2_EVERY_MONTHS = 3


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@dataclass(frozen=True)
class ScheduledPoint:
    point: str
    due: datetime.date
    number: int = 0  # the n-th T2 (1, 2, …); 0 for the others

    @property
    def label(self) -> str:
        return f"{self.point}.{self.number}" if self.number else self.point


def time_points(
    *,
    programme_start: datetime.date | None,
    intervention_start: datetime.date | None,
    programme_end: datetime.date | None,
    follow_up_date: datetime.date | None,
    today: datetime.date,
    follow_up_months: int | None = None,
) -> list[ScheduledPoint]:
    """Every point the case's dates define so far, in date order."""
    if follow_up_months is None:
        follow_up_months = settings.ASAP_FOLLOW_UP_MONTHS
    points = []
    if programme_start:
        points.append(ScheduledPoint(TimePoint.T0, programme_start))
    if intervention_start:
        points.append(ScheduledPoint(TimePoint.T1, intervention_start))
        number, due = 1, add_months(intervention_start, T2_EVERY_MONTHS)
        while (programme_end and due < programme_end) or (not programme_end and due <= today):
            points.append(ScheduledPoint(TimePoint.T2, due, number))
            number += 1
            due = add_months(intervention_start, T2_EVERY_MONTHS * number)
        if not programme_end:
            points.append(ScheduledPoint(TimePoint.T2, due, number))  # the next one
    if programme_end:
        points.append(ScheduledPoint(TimePoint.T3, programme_end))
        follow_up = follow_up_date or add_months(programme_end, follow_up_months)
        points.append(ScheduledPoint(TimePoint.T4, follow_up))
    elif follow_up_date:
        points.append(ScheduledPoint(TimePoint.T4, follow_up_date))
    return sorted(points, key=lambda p: (p.due, p.point))
