"""The programme's reports for a trainer's organisations: people trained by profile, country
and kind of agency, modules delivered, and the pre/post change per module. Counts only."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from asap.accounts.enums import OrganisationKind
from asap.core.content import content_text
from asap.training import curriculum, evaluation
from asap.training.enums import Country, Profile
from asap.training.models import Attendance, Participant, Response, Session


@dataclass(frozen=True)
class Report:
    trained: int
    by_profile: list[tuple[str, int]]
    by_country: list[tuple[str, int]]
    by_agency_kind: list[tuple[str, int]]
    modules: list[tuple[str, int, int]]  # title, sessions held, people who attended
    changes: list[evaluation.Change]


def _labelled(counter: Counter, choices: Any) -> list[tuple[str, int]]:
    labels = dict(choices.choices)
    return [(str(labels.get(key, key)), n) for key, n in counter.most_common()]


def report(events: Any) -> Report:
    """The report over `events` (a queryset of the trainer's events). A person counts as
    trained when they attended at least one session."""
    attended = Attendance.objects.filter(session__event__in=events)
    trained_ids = set(attended.values_list("participant_id", flat=True))
    people = Participant.objects.filter(pk__in=trained_ids).values_list(
        "profile", "country", "agency_kind"
    )
    profiles, countries, kinds = Counter(), Counter(), Counter()
    for profile, country, kind in people:
        profiles[profile] += 1
        countries[country] += 1
        kinds[kind] += 1
    held = Counter()
    for (key,) in Session.objects.filter(pk__in=attended.values("session_id")).values_list(
        "module_key"
    ):
        held[key] += 1
    reached = Counter()
    for key, _participant in set(attended.values_list("session__module_key", "participant_id")):
        reached[key] += 1
    titles = {
        m.key: f"{m.number}. {content_text(m.title, 'curriculum')}"
        for m in curriculum.reference().modules
    }
    responses = Response.objects.filter(participant__event__in=events)
    return Report(
        trained=len(trained_ids),
        by_profile=_labelled(profiles, Profile),
        by_country=_labelled(countries, Country),
        by_agency_kind=_labelled(kinds, OrganisationKind),
        modules=[(title, held[key], reached[key]) for key, title in titles.items()],
        changes=evaluation.changes(responses, titles),
    )


def csv_header() -> list[str]:
    """The CSV's columns: the report's section, the row within it, and its one or two figures
    (sessions held and people who attended; the mean before and after)."""
    return [_("Section"), _("Row"), _("Value"), _("Second value")]


def csv_rows(result: Report) -> list[list[Any]]:
    """The report as rows for a CSV export: section, label, figures."""
    rows: list[list[Any]] = [[_("People trained"), "", result.trained, ""]]
    rows += [[_("By profile"), label, n, ""] for label, n in result.by_profile]
    rows += [[_("By country"), label, n, ""] for label, n in result.by_country]
    rows += [[_("By kind of agency"), label, n, ""] for label, n in result.by_agency_kind]
    rows += [
        [_("Modules delivered"), title, held, people] for title, held, people in result.modules
    ]
    rows += [
        [
            _("Pre/post change per module"),
            c.title,
            "" if c.pre is None else c.pre,
            "" if c.post is None else c.post,
        ]
        for c in result.changes
    ]
    return rows
