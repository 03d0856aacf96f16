"""The figures of the funder report of one organisation for a period: cases by phase and
outcome, his programme's completion and drop-out, episodes by source, meetings held and
training delivered.

Each is one query whatever the number of cases, and reads codes, dates and counts, never a
name or a free text. The report is the organisation's own, so its cells are exact (`EXACT`);
a rule is taken all the same, so the figures could serve pooled reports.
"""

from typing import Any

from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from asap.cases.enums import CaseStatus, ClosingReason, Phase
from asap.cases.models import JointCase
from asap.cases.services import closure
from asap.core.scopes import named_scope
from asap.evaluation.figures import Figure, Row
from asap.evaluation.period import Period
from asap.evaluation.queries.cases import recidivism, recidivism_counts
from asap.evaluation.suppression import Rule
from asap.meetings import timeline
from asap.meetings.enums import MeetingStatus
from asap.meetings.models import Meeting
from asap.programme.enums import Attendance, ProgrammeStatus
from asap.programme.models import ProgrammeSession, StatusChange
from asap.training.models import Session

OPEN, UNRECORDED = "open", "unrecorded"
PRESENT = [Attendance.PRESENT, Attendance.LATE]


def report_figures(
    cases: QuerySet, organisation_ids: Any, period: Period, rule: Rule, *, victim_side: bool
) -> list[Figure]:
    """Every figure of the funder report, in the order printed. `victim_side`: the report is
    a victim support service's (only it reads the reasons that speak of her)."""
    return [
        cases_by_outcome(cases, period, rule, victim_side=victim_side),
        programme_completion(cases, period, rule),
        recidivism(recidivism_counts(cases, period), rule),
        meetings_held(cases, organisation_ids, period, rule),
        training_delivered(organisation_ids, period, rule),
    ]


def cases_by_outcome(cases: QuerySet, period: Period, rule: Rule, *, victim_side: bool) -> Figure:
    """The cases of the period by phase, and how each closed in the period (its reason).

    Outside the victim side a reason that speaks of her ("she asked") counts as "other", as
    the case page reads it (`cases.services.closure.reason_label`): a programme's report never
    tells that a woman asked to end her case, not even as a count."""
    outcome = Case(
        When(closed_on__isnull=False, closed_on__lte=period.end, then="closing_reason"),
        When(status=CaseStatus.CLOSED, closed_on__isnull=True, then=Value("")),
        default=Value(OPEN),
        output_field=CharField(),
    )
    reasons = [
        reason
        for reason in ClosingReason
        if victim_side or reason not in closure.VICTIM_SIDE_REASONS
    ]
    counts: dict[tuple[str, str], int] = {}
    for r in (
        JointCase.objects.filter(pk__in=cases)
        .annotate(outcome=outcome)
        .values("phase", "outcome")
        .annotate(n=Count("id"))
    ):
        outcome_code = r["outcome"] or UNRECORDED
        if not victim_side and outcome_code in closure.VICTIM_SIDE_REASONS:
            outcome_code = ClosingReason.OTHER.value
        key = (r["phase"], outcome_code)
        counts[key] = counts.get(key, 0) + r["n"]
    columns = [OPEN, *[reason.value for reason in reasons], UNRECORDED, None]
    rows = []
    for phase in [*Phase, None]:
        cells = [
            rule.count(
                sum(
                    n
                    for (p, o), n in counts.items()
                    if (phase is None or p == phase) and (column is None or o == column)
                )
            )
            for column in columns
        ]
        rows.append(Row(str(phase.label) if phase else _("All phases"), cells))
    return Figure(
        "cases_by_outcome",
        _("Cases by phase and outcome"),
        _(
            "The cases open at some time in the period, by their phase: still open at the end "
            "of the period, or closed in it, by the reason for closing."
        ),
        [
            _("Open at the end"),
            *[str(reason.label) for reason in reasons],
            _("Closed, no reason recorded"),
            _("All"),
        ],
        rows,
        total_row=len(rows) - 1,
        total_column=len(columns) - 1,
    )


def programme_completion(cases: QuerySet, period: Period, rule: Rule) -> Figure:
    """His programme in the period: the men who started attending, completed it, dropped out,
    were expelled or suspended (a status recorded with a date in the period), the completion
    rate of those who ended it, and the attendance of the sessions (codes and counts only,
    never a reason or a note)."""
    with named_scope("evaluation"):
        changes = {
            r["status"]: r["men"]
            for r in StatusChange.objects.filter(
                case_id__in=cases, date__gte=period.start, date__lte=period.end
            )
            .values("status")
            .annotate(men=Count("case_id", distinct=True))
        }
        sessions = ProgrammeSession.objects.filter(
            case_id__in=cases, date__gte=period.start, date__lte=period.end
        ).aggregate(
            sessions=Count("id"),
            present=Count("id", filter=Q(attendance__in=PRESENT)),
            men=Count("case_id", distinct=True),
        )
    started = changes.get(ProgrammeStatus.ATTENDING_GROUP, 0) + changes.get(
        ProgrammeStatus.ATTENDING_INDIVIDUAL, 0
    )
    ended = [ProgrammeStatus.COMPLETED, ProgrammeStatus.DROPPED_OUT, ProgrammeStatus.EXPELLED]
    ended_men = sum(changes.get(status, 0) for status in ended)
    completed = changes.get(ProgrammeStatus.COMPLETED, 0)
    rows = [
        Row(_("Started attending (group or individual)"), [rule.count(started)]),
        *[
            Row(str(status.label), [rule.count(changes.get(status, 0))])
            for status in [*ended, ProgrammeStatus.SUSPENDED]
        ],
        Row(
            _("Completion rate of those who ended it"), [rule.rate(completed, ended_men, ended_men)]
        ),
        Row(_("Sessions recorded"), [rule.cell(sessions["sessions"], sessions["men"])]),
        Row(
            _("Attendance rate (present or late)"),
            [rule.rate(sessions["present"], sessions["sessions"], sessions["men"])],
        ),
    ]
    return Figure(
        "programme_completion",
        _("Programme completion and drop-out"),
        _(
            "The men whose programme status changed in the period (a man counts once per "
            "status), the share of those who ended the programme who completed it, and the "
            "sessions of the period."
        ),
        [_("Number")],
        rows,
    )


def meetings_held(cases: QuerySet, organisation_ids: Any, period: Period, rule: Rule) -> Figure:
    """The meetings held in the period, by type: the case meetings of the scope's cases and
    the organisation's own team meetings."""
    with named_scope("evaluation"):
        held = (
            Meeting.objects.filter(status=MeetingStatus.HELD)
            .filter(starts_at__gte=period.since, starts_at__lt=period.until)
            .filter(
                Q(case_id__in=cases) | Q(case__isnull=True, organisation_id__in=organisation_ids)
            )
            .values("timeline_version", "type_key")
            .annotate(n=Count("id"), cases=Count("case_id", distinct=True))
            .order_by("timeline_version", "type_key")
        )
        totals: dict[str, dict[str, int]] = {}
        for r in held:
            label = _meeting_label(r["timeline_version"], r["type_key"])
            found = totals.setdefault(label, {"n": 0, "cases": 0})
            found["n"] += r["n"]
            found["cases"] += r["cases"]
        rows = [
            Row(label, [rule.cell(t["n"], t["cases"] or t["n"])])
            for label, t in sorted(totals.items())
        ]
        rows.append(
            Row(
                _("All meetings"),
                [
                    rule.cell(
                        sum(t["n"] for t in totals.values()),
                        sum(t["cases"] or t["n"] for t in totals.values()),
                    )
                ],
            )
        )
        return Figure(
            "meetings_held",
            _("Meetings held"),
            _(
                "The meetings held in the period, by type: the meetings of the cases and the "
                "organisation's team meetings."
            ),
            [_("Meetings held")],
            rows,
            total_row=len(rows) - 1,
        )


def _meeting_label(version: int, key: str) -> str:
    try:
        return timeline.get(version).type(key).label()
    except KeyError:
        return key


def training_delivered(organisation_ids: Any, period: Period, rule: Rule) -> Figure:
    """The organisation's training sessions in the period and who attended them."""
    totals = Session.objects.filter(
        event__organisation_id__in=organisation_ids,
        starts_at__gte=period.since,
        starts_at__lt=period.until,
    ).aggregate(
        events=Count("event_id", distinct=True),
        sessions=Count("id", distinct=True),
        people=Count("attendances__participant_id", distinct=True),
        attendances=Count("attendances"),
    )
    people = totals["people"]
    rows = [
        Row(_("Training events with a session in the period"), [rule.count(totals["events"])]),
        Row(_("Sessions"), [rule.count(totals["sessions"])]),
        Row(_("People who attended at least one session"), [rule.count(people)]),
        Row(_("Attendances (a person at a session)"), [rule.cell(totals["attendances"], people)]),
    ]
    return Figure(
        "training_delivered",
        _("Training delivered"),
        _("The organisation's training sessions held in the period, and their attendance."),
        [_("Number")],
        rows,
    )
