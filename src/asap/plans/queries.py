"""Reads of the plans of a case. Every function takes the `CaseAccess` the door gave and
keeps to what the viewer's side may read: a victim-side action, and every part of the IT
safety plan but his accountability, never reach the perpetrator side or other agencies."""

import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from asap.cases.access import CaseAccess, members_for
from asap.cases.enums import CaseStatus, Compartment, Side
from asap.cases.policy import withheld_by_choice
from asap.instruments import queries as instruments
from asap.instruments.definition import text_in
from asap.instruments.services import definition_of
from asap.plans.enums import (
    ACTION_COMPARTMENTS,
    PENDING,
    SAFETY_PARTS,
    ActionStatus,
    SafetyPart,
)
from asap.plans.models import ActionItem, PlanSnapshot, SafetyPlan

SCREENING_KEY = "digital-violence"
STATUS_LABELS = dict(ActionStatus.choices)


def actions_for(access: CaseAccess) -> QuerySet[ActionItem]:
    """The rows of the case's action plan the viewer may read (the read policy: her joint
    rows reach the other sides only while her consent is in force), pending first, by term."""
    return (
        ActionItem.objects.visible_to(access)
        .select_related("responsible_user", "last_changed_by", "child")
        # The child is shown by its label: its name is never read here.
        .defer("child__name", "child__name_index")
        .annotate(
            finished=Case(
                When(status__in=PENDING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("finished", "term", "pk")
    )


def action_for(access: CaseAccess, item_id: int) -> ActionItem:
    """One readable row, or 404."""
    item = actions_for(access).filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item


def overdue_actions_for(
    access: CaseAccess, today: datetime.date, limit: int = 20
) -> list[ActionItem]:
    """Readable rows still open or in progress whose term has passed, oldest first."""
    return list(
        actions_for(access)
        .filter(status__in=PENDING, term__lt=today)
        .order_by("term", "pk")[:limit]
    )


def my_overdue_actions(user: Any, today: datetime.date, limit: int = 10) -> list[ActionItem]:
    """The overdue actions `user` is reminded of, on cases they still work on and in a
    compartment their side there reads: for the home page, which shows code and term only.
    Each row as the read policy lets the member's side read it on its case
    (`RecordedQuerySet.of_member`)."""
    return list(
        ActionItem.objects.of_member(user)
        .filter(
            responsible_user=user, status__in=PENDING, term__lt=today, case__status=CaseStatus.OPEN
        )
        .select_related("case")
        .only("pk", "term", "case__code", "case_id")
        .order_by("term", "pk")[:limit]
    )


def withheld_sides(access: CaseAccess) -> set[str]:
    """The sides whose actions are kept from the viewer only by a consent not (or no longer)
    in force: to say so (the cases' notice), never to show them. One query."""
    if not access.is_member:
        return set()
    return set(
        ActionItem.objects.withheld_from(access)
        .order_by()
        .values_list("recorded_side", flat=True)
        .distinct()
    )


def is_overdue(item: ActionItem, today: datetime.date) -> bool:
    return item.status in PENDING and item.term < today


@dataclass(frozen=True)
class Worker:
    """An active worker of the case who may be reminded of an action."""

    user: Any
    label: str
    side: str


def reminded_choices(access: CaseAccess) -> list[Worker]:
    """The case's active workers, for "who is reminded"."""
    return [
        Worker(m.user, f"{m.user.get_full_name()} ({m.organisation.name})", m.side)
        for m in members_for(access).order_by("side", "-is_lead", "joined_at")
    ]


def filing_compartments(access: CaseAccess) -> list[str]:
    """Where the viewer may file an action: the joint plan, and the victim side's own."""
    return [c for c in ACTION_COMPARTMENTS if access.may_read(c)]


def snapshots_for(access: CaseAccess) -> QuerySet[PlanSnapshot]:
    """The plans kept after meetings (rows every side read when it was kept: every member
    reads them)."""
    return (
        PlanSnapshot.objects.visible_to(access)
        .select_related("taken_by")
        .defer("rows")
        .order_by("-taken_at", "-pk")
    )


def snapshot_for(access: CaseAccess, snapshot_id: int) -> PlanSnapshot:
    snapshot = (
        PlanSnapshot.objects.visible_to(access)
        .filter(pk=snapshot_id)
        .select_related("taken_by")
        .first()
    )
    if snapshot is None:
        raise Http404
    return snapshot


@dataclass(frozen=True)
class SnapshotRow:
    need: str
    action: str
    term: datetime.date
    responsible: str
    reminded: str
    status: str
    status_display: str
    dropped_reason: str
    child: str = ""  # the child the row concerned, by label ("Child 1")


def child_label(number: int) -> str:
    """A child's label in the reader's language, as `Person.label` gives it."""
    return gettext("Child %(number)s") % {"number": number}


def snapshot_rows(snapshot: PlanSnapshot, access: CaseAccess) -> list[SnapshotRow]:
    """The rows a snapshot kept, as they stood, that the reader may read now under the read
    policy (a row kept before snapshots recorded its side counts as hers: the strictest)."""
    return [
        SnapshotRow(
            need=row["need"],
            action=row["action"],
            term=datetime.date.fromisoformat(row["term"]),
            responsible=row["responsible"],
            reminded=row.get("reminded", ""),
            status=row["status"],
            status_display=str(STATUS_LABELS.get(row["status"], row["status"])),
            dropped_reason=row.get("dropped_reason", ""),
            child=child_label(row["child_number"]) if row.get("child_number") else "",
        )
        for row in json.loads(snapshot.rows)
        if access.may_read(Compartment.JOINT, row.get("recorded_side") or Side.VICTIM)
    ]


def snapshot_withheld(snapshot: PlanSnapshot, access: CaseAccess) -> set[str]:
    """The sides whose kept rows the reader does not read now only because a consent is not
    (or no longer) in force: to show the withheld notice, never the rows."""
    if not access.is_member:
        return set()
    sides = {row.get("recorded_side") or Side.VICTIM for row in json.loads(snapshot.rows)}
    return {side for side in sides if withheld_by_choice(access.reader, Compartment.JOINT, side)}


@dataclass(frozen=True)
class SafetyPlanView:
    """The IT safety plan as one viewer may see it: only the parts their side reads."""

    plan: SafetyPlan
    parts: list[tuple[SafetyPart, str]]
    shows_stalkerware: bool

    @property
    def areas(self) -> list[tuple[SafetyPart, str]]:
        return [(part, text) for part, text in self.parts if part.kind == "area"]

    @property
    def measures(self) -> list[tuple[SafetyPart, str]]:
        return [(part, text) for part, text in self.parts if part.kind == "measure"]


def safety_plan_for(access: CaseAccess) -> SafetyPlanView:
    """The case's IT safety plan (an empty one at version 0 before the first save), with
    the parts the viewer reads: the victim side all; others the accountability area only."""
    plan = SafetyPlan.objects.visible_to(access).select_related("updated_by").first()
    if plan is None:
        plan = SafetyPlan(case=access.case, version=0)
    parts = [(p, getattr(plan, p.field)) for p in SAFETY_PARTS if access.may_read(p.compartment)]
    return SafetyPlanView(plan=plan, parts=parts, shows_stalkerware=access.is_victim_side)


@dataclass(frozen=True)
class ScreeningPrompt:
    item: str
    text: str
    section: str


def screening_prompts(access: CaseAccess) -> tuple[Any, list[ScreeningPrompt]]:
    """The items answered "yes" in the case's latest digital-violence screening, as prompts
    for the IT safety plan: victim side only (the screening may hold protected answers)."""
    if not access.is_victim_side:
        return None, []
    administration = (
        instruments.administrations_for(access).filter(definition_key=SCREENING_KEY).first()
    )
    if administration is None:
        return None, []
    answers = instruments.answers_for(access, administration)
    definition = definition_of(administration)
    titles = {section.key: text_in(section.title) for section in definition.sections}
    prompts = [
        ScreeningPrompt(item.key, item.label(), titles.get(item.section, ""))
        for item in definition.items
        if "yes" in answers.get(item.key, {}).values()
    ]
    return administration, prompts


FILED_IN = {
    "joint": _("This action is in the joint plan: every member of the case reads it."),
    "victim": _("This action is the victim side's own: nobody else reads it."),
}
