"""The one definition of date and date-time inputs, used by every form of the platform.

A plain text input, never the browser's `type="date"` or `datetime-local`: those follow the
browser's locale, so an en-US browser read 07/12 as 12 July, and a typed hour ran into a
six-digit year. Here the format does not depend on the browser: dates are read day first
(19/12/2026, 19.12.2026, 19-12-2026, 19122026) or as ISO (2026-12-19); date-times are a date and
a 24-hour time (19/12/2026 14:30) or ISO (2026-12-19T14:30), in the platform's time zone. The
label's hint shows an example in the interface language's format, an error says the format,
and a value comes back in that format. Years outside 1900-2100 are refused, never guessed.
"""

import datetime
import re
from typing import Any

from django import forms
from django.forms.utils import from_current_timezone
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext

EXAMPLE = datetime.datetime(2026, 12, 19, 14, 30)
FIRST_YEAR, LAST_YEAR = 1900, 2100
_DAY_FIRST = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_DIGITS = re.compile(r"(\d{2})(\d{2})(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?")
_DATE_AND_TIME = re.compile(r"(.+?)(?:\s*,\s*|\s+|T)(\d{1,2}[:.]\d{2}(?::\d{2})?)")


def parse_date(text: str) -> datetime.date | None:
    """A date typed day first (any of / . - between the parts, or none) or as ISO; None when
    the text is not one, or names no such day, or a year outside 1900-2100."""
    text = text.strip()
    if match := _DAY_FIRST.fullmatch(text) or _DIGITS.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def parse_date_time(text: str) -> datetime.datetime | None:
    """A naive date-time: a date as `parse_date` reads it and a 24-hour time (14:30 or 14.30),
    or any ISO 8601 date-time (which may carry its own offset); None otherwise."""
    text = text.strip()
    if match := _DATE_AND_TIME.fullmatch(text):
        day = parse_date(match.group(1))
        time = _TIME.fullmatch(match.group(2))
        if day is not None and time is not None:
            hour, minute, second = (int(part or 0) for part in time.groups())
            try:
                return datetime.datetime.combine(day, datetime.time(hour, minute, second))
            except ValueError:
                return None
    try:
        parsed = parse_datetime(text)
    except ValueError:
        return None
    if parsed is None or not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        return None
    return parsed


def show_date(value: datetime.date) -> str:
    """A date as the inputs show it and read it back: the language's short date."""
    return date_format(value, "SHORT_DATE_FORMAT")


def show_date_time(value: datetime.datetime) -> str:
    """A date-time as the inputs show it: the language's short date and a 24-hour time."""
    return f"{show_date(value)} {value:%H:%M}"


def _date_hint() -> str:
    return gettext("For example, %(example)s.") % {"example": show_date(EXAMPLE.date())}


def _date_time_hint() -> str:
    return gettext("For example, %(example)s (time in %(zone)s).") % {
        "example": show_date_time(EXAMPLE),
        "zone": timezone.get_current_timezone_name(),
    }


def _date_error() -> str:
    return gettext("Enter a date as day/month/year, for example %(example)s.") % {
        "example": show_date(EXAMPLE.date())
    }


def _date_time_error() -> str:
    return gettext(
        "Enter a date and time as day/month/year hours:minutes, for example %(example)s."
    ) % {"example": show_date_time(EXAMPLE)}


date_hint = lazy(_date_hint, str)
date_time_hint = lazy(_date_time_hint, str)
date_error = lazy(_date_error, str)
date_time_error = lazy(_date_time_error, str)


class DateInput(forms.TextInput):
    """A text input for a day: digits on a phone's keyboard, no autofill, no spelling."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false", **(attrs or {})}
        )

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return show_date(value)
        return super().format_value(value)


class DateTimeInput(forms.TextInput):
    """A text input for a date and a time (a full keyboard: the space and the colon)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.datetime):
            return show_date_time(value)
        return super().format_value(value)


def _with_hint(help_text: Any, hint: Any) -> Any:
    return format_lazy("{} {}", help_text, hint) if help_text else hint


class DateField(forms.DateField):
    """A day, typed day first or as ISO; the example in the help text."""

    widget = DateInput
    default_error_messages = {"invalid": date_error()}

    def __init__(self, *, help_text: Any = "", **kwargs: Any) -> None:
        kwargs.pop("input_formats", None)
        super().__init__(help_text=_with_hint(help_text, date_hint()), **kwargs)

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        parsed = parse_date(str(value))
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class DateTimeField(forms.DateTimeField):
    """A date and a 24-hour time in the current time zone (named in the help text)."""

    widget = DateTimeInput
    default_error_messages = {"invalid": date_time_error()}

    def __init__(self, *, help_text: Any = "", **kwargs: Any) -> None:
        kwargs.pop("input_formats", None)
        super().__init__(help_text=_with_hint(help_text, date_time_hint()), **kwargs)

    def to_python(self, value: Any) -> datetime.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return from_current_timezone(value)
        parsed = parse_date_time(str(value))
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        # Django's helper: an hour the clock skips or repeats is an error, never guessed.
        return from_current_timezone(parsed)
