"""The period a dashboard or a funder report covers: from one day to another, both included."""

import datetime
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @classmethod
    def current_year(cls, today: datetime.date | None = None) -> "Period":
        """The default: the calendar year of today."""
        year = (today or timezone.localdate()).year
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @property
    def since(self) -> datetime.datetime:
        """The first moment of the period (aware, in the current time zone)."""
        return _midnight(self.start)

    @property
    def until(self) -> datetime.datetime:
        """The first moment after the period (aware): compare with `<`."""
        return _midnight(self.end + datetime.timedelta(days=1))

    @property
    def slug(self) -> str:
        return f"{self.start:%Y-%m-%d}-{self.end:%Y-%m-%d}"


def _midnight(day: datetime.date) -> datetime.datetime:
    naive = datetime.datetime.combine(day, datetime.time.min)
    return timezone.make_aware(naive)
