"""Dates and times the European way: every date input of every form reads day first,
independent of the browser, and every language prints dates day first (issue 17, point 6)."""

import datetime
import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.utils import translation
from django.utils.formats import date_format

import asap
from asap.core import dates
from asap.instruments.forms import FIELD_BUILDERS

SOURCE = Path(asap.__file__).parent
BRUSSELS = ZoneInfo("Europe/Brussels")
DECEMBER_7 = datetime.date(2026, 12, 7)


def _form_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages([str(SOURCE)], prefix="asap."):
        if re.search(r"\.(forms\w*|views(\.\w+)?)$", info.name):
            names.append(info.name)
    return names


def _date_fields() -> list[tuple[str, str, forms.Field]]:
    """(form, field name, field) for every declared date or date-time field of every form."""
    found = []
    for module_name in _form_modules():
        module = importlib.import_module(module_name)
        for _, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, forms.BaseForm) or not form.__module__.startswith("asap."):
                continue
            for name, field in getattr(form, "base_fields", {}).items():
                if isinstance(field, forms.DateField | forms.DateTimeField):
                    found.append((f"{form.__module__}.{form.__qualname__}", name, field))
    return sorted(set(found), key=lambda row: row[:2])


DATE_FIELDS = _date_fields()


def test_the_walk_finds_the_forms_with_dates():
    """The walk is not empty: it reaches forms of the apps that have dates."""
    forms_found = {form.rsplit(".", 1)[0] for form, _, _ in DATE_FIELDS}
    for module in (
        "asap.cases.forms",
        "asap.meetings.forms",
        "asap.training.forms",
        "asap.episodes.forms",
        "asap.dataprotection.forms",
        "asap.core.forms",
        "asap.justice.forms",
        "asap.plans.forms",
        "asap.programme.forms",
        "asap.agreements.forms",
        "asap.evaluation.forms",
    ):
        assert module in forms_found
    assert len(DATE_FIELDS) >= 30


@pytest.mark.parametrize(
    ("form", "name", "field"),
    DATE_FIELDS,
    ids=lambda v: v if isinstance(v, str) else type(v).__name__,
)
def test_every_date_field_is_the_shared_one_and_reads_day_first(form, name, field):
    with translation.override("en"):
        if isinstance(field, forms.DateTimeField):
            assert isinstance(field, dates.DateTimeField), f"{form}.{name}"
            for text in ("07/12/2026 14:30", "7.12.2026 14:30", "2026-12-07T14:30"):
                value = field.clean(text)
                assert value.astimezone(BRUSSELS).replace(tzinfo=None) == datetime.datetime(
                    2026, 12, 7, 14, 30
                ), text
        else:
            assert isinstance(field, dates.DateField), f"{form}.{name}"
            for text in ("07/12/2026", "07.12.2026", "07-12-2026", "2026-12-07", "07122026"):
                assert field.clean(text) == DECEMBER_7, text


def test_dynamic_date_fields_are_the_shared_one():
    """Fields built in code (an instrument's date item, a meeting's action terms)."""
    assert isinstance(FIELD_BUILDERS["date"](None), dates.DateField)
    source = (SOURCE / "meetings" / "forms.py").read_text()
    assert 'self.fields[f"term_{n}"] = DateField(' in source


def test_no_form_declares_a_browser_date_input():
    """A new date field must come from asap.core.dates: Django's own fields read the browser's
    or the settings' order, and `type="date"` follows the browser's locale."""
    forbidden = re.compile(
        r"forms\.(DateField|DateTimeField|SplitDateTimeField|DateInput|DateTimeInput)\b"
        r"|type\"?:? ?=? ?\"(date|datetime-local)\""
    )
    offenders = []
    for path in [*SOURCE.rglob("*.py"), *SOURCE.rglob("*.html")]:
        if path.name == "dates.py" or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if forbidden.search(line):
                offenders.append(f"{path.relative_to(SOURCE)}:{number}: {line.strip()}")
    assert offenders == []


@pytest.mark.parametrize(
    "text",
    ["12/31/2026", "07/12/26", "07/12/0026", "31/02/2026", "7 December", "2026-12-07T25:00", ""],
)
def test_what_is_not_a_date_is_refused_with_the_format(text):
    field = dates.DateTimeField() if "T" in text else dates.DateField()
    with translation.override("en"), pytest.raises(forms.ValidationError) as error:
        field.clean(text)
    message = " ".join(error.value.messages)
    if text:
        assert "day/month/year" in message
        assert "19/12/2026" in message
    else:
        assert "required" in message


def test_a_date_time_needs_a_time():
    with translation.override("en"), pytest.raises(forms.ValidationError) as error:
        dates.DateTimeField().clean("07/12/2026")
    assert "19/12/2026 14:30" in error.value.messages[0]


class _Form(forms.Form):
    on = dates.DateField(label="On", help_text="Any day.")
    at = dates.DateTimeField(label="At", required=False)


def test_the_input_shows_the_format_and_keeps_what_was_typed():
    with translation.override("en"):
        form = _Form({"on": "31/02/2026", "at": "07/12/2026 14:30"})
        assert not form.is_valid()
        html = str(form["on"])
        assert 'type="text"' in html
        assert 'inputmode="numeric"' in html
        assert 'value="31/02/2026"' in html
        assert "required" in html
        assert 'autocomplete="off"' in html
        assert "id_on_helptext" in html
        assert str(form["on"].help_text) == "Any day. For example, 19/12/2026."
        assert (
            str(form["at"].help_text) == "For example, 19/12/2026 14:30 (time in Europe/Brussels)."
        )
        assert 'value="07/12/2026 14:30"' in str(form["at"])
        assert "required" not in str(form["at"])


@pytest.mark.parametrize(("language", "shown"), [("en", "07/12/2026"), ("bg", "07.12.2026")])
def test_a_stored_value_comes_back_day_first(language, shown):
    moment = datetime.datetime(2026, 12, 7, 13, 30, tzinfo=datetime.UTC)
    with translation.override(language):
        form = _Form(initial={"on": DECEMBER_7, "at": moment})
        assert f'value="{shown}"' in str(form["on"])
        assert f'value="{shown} 14:30"' in str(form["at"])  # Brussels, an hour ahead of UTC
        assert _Form({"on": shown, "at": f"{shown} 14:30"}).is_valid()


@pytest.mark.parametrize(
    ("language", "short", "long", "short_time"),
    [
        ("en", "05/12/2026", "5 December 2026", "05/12/2026 14:30"),
        ("bg", "05.12.2026", "5 декември 2026", "05.12.2026 14:30"),
        ("it", "05/12/2026", "5 dicembre 2026", "05/12/2026 14:30"),
        ("el", "05/12/2026", "5 δεκεμβρίου 2026", "05/12/2026 14:30"),
    ],
)
def test_every_language_prints_dates_day_first(language, short, long, short_time):
    day = datetime.date(2026, 12, 5)
    moment = datetime.datetime(2026, 12, 5, 14, 30)
    with translation.override(language):
        assert date_format(day, "SHORT_DATE_FORMAT") == short
        assert date_format(day, "DATE_FORMAT").lower() == long.lower()
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == short_time
        assert date_format(moment, "TIME_FORMAT") == "14:30"


@pytest.mark.django_db
def test_times_across_agencies_name_their_time_zone(world):
    """A meeting's time in the case's list of meetings and a training session's on the
    events list carry the zone (Europe/Brussels: CEST in April), not a bare local time."""
    from tests.e2e.crawl import add_trainer

    meetings = world.client("perpetrator_side").get(f"/cases/{world.case.pk}/meetings/")
    assert "13/04/2026 10:00 CEST" in meetings.content.decode()
    add_trainer(world)
    events = world.client("trainer").get("/training/").content.decode()
    assert re.search(r"\d{1,2} \w+ \d{4}, \d\d:\d\d CES?T", events), events
