"""Alerts of the person's cases: risk rose, a new episode (each proposing an extraordinary
meeting), and his programme's drop-out, expulsion, suspension or absences (the victim side's
task "inform her and review her safety plan").

An alert appears only if the read policy lets the person's side read it on its case: her
unshared episode's alert never reaches the perpetrator side. It leaves the list when a member
of the person's side marks it done (for the whole side on that case), when the person
dismisses it, or, for a risk or episode alert, once an extraordinary meeting is scheduled
after it.
"""

import datetime

from django.db.models import CharField, Exists, Max, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from asap.cases.enums import EntryKind, Side
from asap.cases.models import TimelineEntry
from asap.cases.querysets import shared_with
from asap.core.scopes import named_scope
from asap.meetings import timeline
from asap.meetings.enums import MeetingStatus
from asap.meetings.models import Meeting
from asap.work.enums import ItemKind
from asap.work.items import SCOPE, Inbox, WorkItem
from asap.work.models import TeamDone

MEETING_ALERTS = (EntryKind.RISK_ALERT, EntryKind.EPISODE_ALERT)
VICTIM_SIDE_ALERTS = (EntryKind.PROGRAMME_ALERT,)


def key_of(entry_id: int) -> str:
    return f"alert:{entry_id}"


def _extraordinary_types() -> dict[str, str]:
    """The meeting type each alert kind proposes (from the protocol's timeline)."""
    found: dict[str, str] = {}
    for meeting_type in timeline.current().meeting_types:
        for trigger in meeting_type.triggers:
            found.setdefault(trigger, meeting_type.key)
    return found


def _link(kind: str, case_id: int, types: dict[str, str]) -> str:
    if kind in VICTIM_SIDE_ALERTS:
        return reverse("plans:safety", args=[case_id])
    if kind in types:
        query = urlencode({"type": types[kind]})
        return f"{reverse('meetings:schedule', args=[case_id])}?{query}"
    return reverse("cases:timeline", args=[case_id])


def _not_done_by_team(inbox: Inbox) -> Q:
    """Keep the alerts no member of the person's side on that case marked done (one clause
    per side, so the filter does not grow with the number of cases)."""
    by_side: dict[str, list[int]] = {}
    for case_id, seat in inbox.seats.items():
        by_side.setdefault(seat.side, []).append(case_id)
    kept = Q(pk__in=[])
    for side, case_ids in by_side.items():
        with named_scope(SCOPE):  # a subquery of the alerts' query, compiled in its scope
            done = TeamDone.objects.filter(
                case=OuterRef("case"),
                side=side,
                key=Concat(Value("alert:"), Cast(OuterRef("pk"), output_field=CharField())),
            )
        kept |= Q(case_id__in=case_ids) & ~Exists(done)
    return kept


def _last_extraordinary(case_ids: list[int], types: dict[str, str]) -> dict[int, datetime.datetime]:
    """When the last extraordinary meeting was scheduled on each case (one query)."""
    if not case_ids:
        return {}
    with named_scope(SCOPE):
        rows = (
            Meeting.objects.filter(case_id__in=case_ids, type_key__in=set(types.values()))
            .exclude(status=MeetingStatus.CANCELLED)
            .order_by()
            .values("case_id")
            .annotate(last=Max("created_at"))
            .values_list("case_id", "last")
        )
        return dict(rows)


def items_for(inbox: Inbox) -> list[WorkItem]:
    """Two queries: the readable alerts of the person's open cases that their side has not
    marked done, and the last extraordinary meeting scheduled on those cases."""
    if not inbox.seats:
        return []
    victim_cases = [c for c, seat in inbox.seats.items() if seat.side == Side.VICTIM]
    wanted = Q(kind__in=MEETING_ALERTS) | Q(kind__in=VICTIM_SIDE_ALERTS, case_id__in=victim_cases)
    with named_scope(SCOPE):
        rows = list(
            TimelineEntry.objects.filter(inbox.readable(shared=shared_with))
            .filter(wanted)
            .filter(_not_done_by_team(inbox))
            .values_list("pk", "case_id", "kind", "at")
        )
    types = _extraordinary_types()
    meeting_cases = sorted({case_id for _pk, case_id, kind, _at in rows if kind in MEETING_ALERTS})
    scheduled = _last_extraordinary(meeting_cases, types)
    items = []
    for pk, case_id, kind, at in rows:
        if kind in MEETING_ALERTS and scheduled.get(case_id) and scheduled[case_id] > at:
            continue  # the meeting it proposed is scheduled
        seat = inbox.seats[case_id]
        items.append(
            WorkItem(
                key=key_of(pk),
                kind=ItemKind.ALERT,
                label=str(EntryKind(kind).label),
                due=timezone.localdate(at),
                url=_link(kind, case_id, types),
                created=at,
                case_id=case_id,
                case_code=seat.code,
                side=seat.side,
                team_task=True,
            )
        )
    return items
