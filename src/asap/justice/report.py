"""What a progress and attendance report says: built from his programme's register
(`asap.programme.queries`) as the perpetrator side reads it, for one period.

It carries his name, the court condition the programme recorded, his status through the
period, the sessions of the period (date, kind, attendance: never a session's note nor a
status's reason) and the figures, in the period and since the start. Nothing the victim side
recorded is read here: not her name, not a condition or an order they filed. Built as plain
values (`figures_for`), the same for the review page, the PDF and the copy kept when it is
sent.
"""

import datetime
import json
from typing import Any

from asap.cases.access import CaseAccess
from asap.cases.enums import PersonRole, Side
from asap.cases.models import Person
from asap.justice.enums import ReportStatus
from asap.justice.models import ProgressReport
from asap.justice.queries import reports_for
from asap.programme import queries as programme
from asap.programme.enums import ABSENCES, Attendance

CAME = (Attendance.PRESENT, Attendance.LATE)


def _counts(sessions: list[Any]) -> dict[str, int]:
    counts = dict.fromkeys(Attendance.values, 0)
    for session in sessions:
        counts[session.attendance] += 1
    return {
        "held": len(sessions),
        "attended": counts[Attendance.PRESENT] + counts[Attendance.LATE],
        "present": counts[Attendance.PRESENT],
        "late": counts[Attendance.LATE],
        "absent_with_notice": counts[Attendance.ABSENT_WITH_NOTICE],
        "absent_without_notice": counts[Attendance.ABSENT_WITHOUT_NOTICE],
    }


def _his_name(access: CaseAccess) -> str:
    man = Person.objects.visible_to(access).filter(role=PersonRole.PERPETRATOR).first()
    return man.name if man is not None else ""


def _condition(report: ProgressReport) -> dict[str, Any] | None:
    condition = report.condition
    if condition is None or condition.recorded_side != Side.PERPETRATOR:
        return None  # a report carries only what the programme itself recorded
    return {
        "ordered_by": condition.ordered_by,
        "ordered_on": condition.ordered_on.isoformat(),
        "reference": condition.reference,
        "required_sessions": condition.required_sessions,
        "report_to": str(condition.get_report_to_display()),
        "reporting_interval": str(condition.get_reporting_interval_display()),
    }


def build(access: CaseAccess, report: ProgressReport) -> dict[str, Any]:
    """The report's content as it stands in the register now (the perpetrator side's read).
    Constant queries: his name, the status history, the register up to the period's end."""
    start, end = report.period_from, report.period_to
    to_date = programme.sessions_for(access, None, end)
    in_period = [s for s in to_date if s.date >= start]
    statuses = [s for s in programme.status_history(access) if s.date <= end]  # latest first
    before = [s for s in statuses if s.date < start]
    during = [s for s in statuses if s.date >= start]
    condition = _condition(report)
    totals = _counts(to_date)
    required = condition["required_sessions"] if condition else None
    return {
        "man": _his_name(access),
        "case_code": access.case.code,
        "period_from": start.isoformat(),
        "period_to": end.isoformat(),
        "condition": condition,
        "status_at_start": (
            {"status": str(before[0].get_status_display()), "date": before[0].date.isoformat()}
            if before
            else None
        ),
        "status_changes": [
            {"status": str(s.get_status_display()), "date": s.date.isoformat()}
            for s in reversed(during)
        ],
        "status_at_end": str(statuses[0].get_status_display()) if statuses else "",
        "period": _counts(in_period),
        "to_date": totals,
        "required_sessions": required,
        "remaining_sessions": max(required - totals["attended"], 0) if required else None,
        "sessions": [
            {
                "date": s.date.isoformat(),
                "kind": str(s.get_kind_display()),
                "attendance": str(s.get_attendance_display()),
                "absent": s.attendance in ABSENCES,
            }
            for s in in_period
        ],
    }


def figures_for(access: CaseAccess, report: ProgressReport) -> dict[str, Any]:
    """A sent report's figures as they were sent; a draft's as the register stands now."""
    if report.status == ReportStatus.SENT and report.figures:
        return json.loads(report.figures)
    return build(access, report)


def initial_period(access: CaseAccess, today: datetime.date) -> dict[str, Any]:
    """The period a new report proposes: from the day after the last report's period (or
    the programme's start, or three months back) to today."""
    last = reports_for(access).order_by("-period_to").values_list("period_to", flat=True).first()
    if last is not None:
        start = last + datetime.timedelta(days=1)
    else:
        start = access.case.programme_start or today - datetime.timedelta(days=91)
    return {"period_from": min(start, today), "period_to": today}


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def for_display(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures with their dates as dates, for a template to format in the reader's
    language (they are kept as ISO text, so that the digest of what was reviewed is stable)."""
    shown = json.loads(json.dumps(figures))
    shown["period_from"], shown["period_to"] = (
        _date(shown["period_from"]),
        _date(shown["period_to"]),
    )
    for row in [shown["status_at_start"] or {}, *shown["status_changes"], *shown["sessions"]]:
        if "date" in row:
            row["date"] = _date(row["date"])
    if shown["condition"]:
        shown["condition"]["ordered_on"] = _date(shown["condition"]["ordered_on"])
    return shown
