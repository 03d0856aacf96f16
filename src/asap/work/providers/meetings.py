"""Meetings the protocol's timeline places on a date of the case's schedule (T0, T2 every
three months, T3, T4) that are not scheduled yet: for the lead worker of each agency on the
case, from a month before the date until two months after it."""

import datetime

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from asap.core.scopes import named_scope
from asap.instruments.schedule import time_points
from asap.meetings import timeline
from asap.meetings.enums import MeetingStatus
from asap.meetings.models import Meeting
from asap.meetings.queries import SCHEDULED_WITHIN_DAYS
from asap.work.enums import ItemKind
from asap.work.items import SCOPE, Inbox, WorkItem, at_start

LABEL = _("A meeting of the timeline to schedule")
AHEAD = datetime.timedelta(days=30)
BEHIND = datetime.timedelta(days=60)


def items_for(inbox: Inbox) -> list[WorkItem]:
    """One query: the meetings of the cases the person leads (type, date, status only)."""
    led = {case_id: seat for case_id, seat in inbox.seats.items() if seat.is_lead}
    types = {t.aligned_with: t for t in timeline.current().types_for("case") if t.aligned_with}
    if not led or not types:
        return []
    with named_scope(SCOPE):
        meetings = list(
            Meeting.objects.filter(case_id__in=list(led))
            .exclude(status=MeetingStatus.CANCELLED)
            .values_list("case_id", "type_key", "starts_at")
        )
    held: dict[int, list[tuple[str, datetime.date]]] = {}
    for case_id, type_key, starts_at in meetings:
        held.setdefault(case_id, []).append((type_key, starts_at.date()))
    items = []
    for case_id, seat in led.items():
        points = time_points(
            programme_start=seat.programme_start,
            intervention_start=seat.intervention_start,
            programme_end=seat.programme_end,
            follow_up_date=seat.follow_up_date,
            today=inbox.today,
        )
        for point in points:
            meeting_type = types.get(point.point)
            if meeting_type is None or not (
                inbox.today - BEHIND <= point.due <= inbox.today + AHEAD
            ):
                continue
            scheduled = any(
                type_key == meeting_type.key
                and abs((day - point.due).days) <= SCHEDULED_WITHIN_DAYS
                for type_key, day in held.get(case_id, [])
            )
            if scheduled:
                continue
            query = urlencode({"type": meeting_type.key, "on": point.due.isoformat()})
            items.append(
                WorkItem(
                    key=f"meeting:{case_id}:{meeting_type.key}:{point.due.isoformat()}",
                    kind=ItemKind.MEETING,
                    label=f"{LABEL} ({point.label})",
                    due=point.due,
                    url=f"{reverse('meetings:schedule', args=[case_id])}?{query}",
                    created=at_start(point.due - AHEAD),
                    case_id=case_id,
                    case_code=seat.code,
                    side=seat.side,
                )
            )
    return items
