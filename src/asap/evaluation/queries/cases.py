"""The figures over the cases: phases, risk levels, recidivism, actions and meetings.

Each figure is two steps: `<figure>_counts(cases, period)` runs one query whatever the number
of cases (`values().annotate(Count)`) and returns its numbers as plain JSON (lists, string
keys), so that they can be kept (`asap.evaluation.stored`); `<figure>(counts, rule)` turns
them into the table shown, translating its labels and suppressing small cells with the rule
(`asap.evaluation.suppression`). The counts read ids, counts and levels, never a name or a
free text. They take the scope's cases (already those of the period) and the period (for
what happens on a date: episodes, meetings, assessments).
"""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

from asap.cases.enums import CaseStatus, Phase, RiskLevel
from asap.cases.models import JointCase
from asap.core.scopes import named_scope
from asap.episodes.enums import EpisodeSource
from asap.episodes.models import Episode
from asap.evaluation.figures import Figure, Row
from asap.evaluation.period import Period
from asap.evaluation.suppression import Rule
from asap.instruments import registry
from asap.instruments.definition import text_in
from asap.instruments.enums import AdministrationStatus
from asap.instruments.models import SectionResult
from asap.instruments.services import RISK_CHECKLIST
from asap.meetings.enums import MeetingStatus
from asap.meetings.models import Meeting
from asap.plans.enums import PENDING, ActionStatus
from asap.plans.models import ActionItem

LEVELS = [RiskLevel.LOW, RiskLevel.INTERMEDIATE, RiskLevel.HIGH]
Counts = Any  # plain JSON: what a figure's query found
Cases = QuerySet | list[int]  # the scope's case ids: a subquery, or the ids themselves


def cases_by_phase_counts(cases: Cases, period: Period) -> Counts:
    """[phase, status, cases] for each phase and status found."""
    rows = (
        JointCase.objects.filter(pk__in=cases)
        .values("phase", "status")
        .annotate(n=Count("id"))
        .order_by("phase", "status")
    )
    return [[r["phase"], r["status"], r["n"]] for r in rows]


def cases_by_phase(counts: Counts, rule: Rule) -> Figure:
    rows = []
    for phase in [*Phase, None]:

        def n(status: str | None, phase: Any = phase) -> int:
            return sum(
                v
                for p, s, v in counts
                if (phase is None or p == phase) and (status is None or s == status)
            )

        label = str(phase.label) if phase else _("All phases")
        rows.append(
            Row(
                label,
                [
                    rule.count(n(CaseStatus.OPEN)),
                    rule.count(n(CaseStatus.CLOSED)),
                    rule.count(n(None)),
                ],
            )
        )
    return Figure(
        "cases_by_phase",
        _("Cases by phase"),
        _("The cases of the period in each phase of the protocol, open and closed now."),
        [_("Open"), _("Closed"), _("All")],
        rows,
        chart_column=0,
        total_row=len(rows) - 1,
        total_column=2,
    )


def risk_now_counts(cases: Cases, period: Period) -> Counts:
    """Open cases per risk level: {level: cases}."""
    return {
        r["risk_level"]: r["n"]
        for r in JointCase.objects.filter(pk__in=cases, status=CaseStatus.OPEN)
        .values("risk_level")
        .annotate(n=Count("id"))
    }


def risk_now(counts: Counts, rule: Rule) -> Figure:
    rows = [Row(str(level.label), [rule.count(counts.get(level.value, 0))]) for level in RiskLevel]
    return Figure(
        "risk_now",
        _("Risk level agreed at assessment (open cases)"),
        _("The level agreed at the latest joint risk assessment of each open case."),
        [_("Cases")],
        rows,
        chart_column=0,
    )


def risk_over_time_counts(cases: Cases, period: Period) -> Counts:
    """[year, quarter, section, final level, cases] of the risk checklists completed in the
    period."""
    with named_scope("evaluation"):
        results = (
            SectionResult.objects.filter(
                administration__case_id__in=cases,
                administration__definition_key=RISK_CHECKLIST,
                administration__status=AdministrationStatus.COMPLETED,
                administration__completed_at__gte=period.since,
                administration__completed_at__lt=period.until,
            )
            .annotate(quarter=TruncQuarter("administration__completed_at"))
            .values("quarter", "section", "final_level")
            .annotate(n=Count("administration__case_id", distinct=True))
            .order_by("quarter", "section", "final_level")
        )
        return [
            [
                r["quarter"].year,
                (r["quarter"].month - 1) // 3 + 1,
                r["section"],
                r["final_level"],
                r["n"],
            ]
            for r in results
        ]


def risk_over_time(counts: Counts, rule: Rule) -> Figure:
    found: dict[tuple[str, str], dict[str, int]] = {}
    for year, quarter, section, level, n in counts:
        label = _("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter}
        found.setdefault((label, section), {})[level] = n
    titles = _risk_sections()
    rows = [
        Row(
            f"{quarter} · {titles.get(section, section)}",
            [rule.count(levels.get(level.value, 0)) for level in LEVELS],
        )
        for (quarter, section), levels in sorted(found.items())
    ]
    return Figure(
        "risk_over_time",
        _("Risk levels over time"),
        _(
            "Cases assessed in each quarter of the period, by the final level agreed for "
            "each section of the risk checklist."
        ),
        [str(level.label) for level in LEVELS],
        rows,
    )


def _risk_sections() -> dict[str, str]:
    definitions = [d for (key, _v), d in registry.shipped().items() if key == RISK_CHECKLIST]
    return {s.key: text_in(s.title) for d in definitions for s in d.sections}


def recidivism_counts(cases: Cases, period: Period) -> Counts:
    """{source: {"episodes": n, "cases": n}} of the episodes that began in the period."""
    with named_scope("evaluation"):
        episodes = Episode.objects.filter(
            case_id__in=cases, date_from__gte=period.start, date_from__lte=period.end
        )
        return {
            r["source"]: {"episodes": r["episodes"], "cases": r["cases"]}
            for r in episodes.values("source").annotate(
                episodes=Count("id"), cases=Count("case_id", distinct=True)
            )
        }


def recidivism(counts: Counts, rule: Rule) -> Figure:
    rows = []
    for source in EpisodeSource:
        r = counts.get(source.value, {"episodes": 0, "cases": 0})
        rows.append(
            Row(
                str(source.label),
                [rule.count(r["cases"]), rule.cell(r["episodes"], r["cases"])],
            )
        )
    return Figure(
        "recidivism",
        _("Recidivism by source"),
        _(
            "Episodes of recidivism in the period by who reported them, and the cases they "
            "happened in."
        ),
        [_("Cases with an episode"), _("Episodes")],
        rows,
        chart_column=1,
    )


def actions_counts(cases: Cases, period: Period) -> Counts:
    """The actions of the cases' plans: totals by state (overdue as of today)."""
    with named_scope("evaluation"):
        today = timezone.localdate()
        live = ~Q(status=ActionStatus.DROPPED)
        return ActionItem.objects.filter(case_id__in=cases).aggregate(
            total=Count("id", filter=live),
            done=Count("id", filter=Q(status=ActionStatus.DONE)),
            pending=Count("id", filter=Q(status__in=PENDING)),
            overdue=Count("id", filter=Q(status__in=PENDING, term__lt=today)),
            cases=Count("case_id", distinct=True),
        )


def actions(totals: Counts, rule: Rule) -> Figure:
    n = totals["cases"]
    rows = [
        Row(_("Actions (not dropped)"), [rule.cell(totals["total"], n)]),
        Row(_("Done"), [rule.cell(totals["done"], n)]),
        Row(_("Completion rate"), [rule.rate(totals["done"], totals["total"], n)]),
        Row(_("Open and overdue"), [rule.cell(totals["overdue"], n)]),
        Row(
            _("Overdue rate of open actions"),
            [rule.rate(totals["overdue"], totals["pending"], n)],
        ),
    ]
    return Figure(
        "actions",
        _("Action plans"),
        _("The actions of the joint action plans: how many are done, and how many are late."),
        [_("Actions")],
        rows,
    )


def meetings_counts(cases: Cases, period: Period) -> Counts:
    """The meetings of the period due by now (not cancelled), and those held."""
    with named_scope("evaluation"):
        until = min(period.until, timezone.now())
        return (
            Meeting.objects.filter(
                case_id__in=cases, starts_at__gte=period.since, starts_at__lt=until
            )
            .exclude(status=MeetingStatus.CANCELLED)
            .aggregate(
                due=Count("id"),
                held=Count("id", filter=Q(status=MeetingStatus.HELD)),
                cases=Count("case_id", distinct=True),
            )
        )


def meetings(totals: Counts, rule: Rule) -> Figure:
    n = totals["cases"]
    rows = [
        Row(_("Meetings due by now"), [rule.cell(totals["due"], n)]),
        Row(_("Held"), [rule.cell(totals["held"], n)]),
        Row(_("Adherence to the timeline"), [rule.rate(totals["held"], totals["due"], n)]),
    ]
    return Figure(
        "meetings",
        _("Meetings timeline"),
        _(
            "Case meetings of the period whose date has passed (not cancelled), and how many "
            "of them were held: the adherence to the meetings timeline."
        ),
        [_("Meetings")],
        rows,
    )
