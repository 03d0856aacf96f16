"""Joint means both sides: the case's risk level comes from a joint risk checklist only once
a worker of each side taking part has confirmed the levels one side proposed.

The sides that confirm are the victim side and the perpetrator side, each when it has an
active worker on the case. An agency taking part answers and may propose (complete) the
checklist, but its confirmation is not needed: the level is what the two sides of the
joint work agree (docs/instruments.md).

A level can be raised by answers the reader may not read (what she told her worker, what
locates her, her answers while her consent is not in force). Such a level says so, naming
the side that holds the information and never the items (`raised_elsewhere`): the whole
administration is read in the `scoring` scope, and only levels and side names leave it.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from asap.cases.access import CaseAccess
from asap.cases.enums import Side
from asap.cases.models import CaseMember, JointCase
from asap.core.scopes import named_scope
from asap.instruments import queries, registry, scoring
from asap.instruments.models import Administration, Answer, LevelConfirmation
from asap.instruments.scoring import Unit

RISK_CHECKLIST = "risk-checklist"
CONFIRMING_SIDES = (Side.VICTIM, Side.PERPETRATOR)
RAISED_BY = {
    Side.VICTIM: _("raised by information held by the victim side"),
    Side.PERPETRATOR: _("raised by information held by the perpetrator side"),
    Side.AGENCY: _("raised by information held by another agency"),
}
SIDE_OF_SOURCE = {
    "victim_support_service": Side.VICTIM,
    "perpetrator_programme": Side.PERPETRATOR,
    "other_agency": Side.AGENCY,
}


def needs_confirmation(administration: Administration) -> bool:
    """Only a case's joint risk checklist sets the case's risk level."""
    return administration.case_id is not None and administration.definition_key == RISK_CHECKLIST


def sides_to_confirm(case: JointCase) -> set[str]:
    """The confirming sides with an active worker on the case (metadata)."""
    return set(
        CaseMember.objects.filter(case=case, is_active=True, side__in=CONFIRMING_SIDES)
        .values_list("side", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class Agreement:
    """Who confirmed the proposed levels, who has still to, and whether the viewer may."""

    confirmed: frozenset[str]
    awaiting: frozenset[str]
    may_confirm: bool

    @property
    def agreed(self) -> bool:
        return bool(self.confirmed) and not self.awaiting

    @property
    def confirmed_labels(self) -> list[str]:
        return [str(Side(side).label) for side in CONFIRMING_SIDES if side in self.confirmed]

    @property
    def awaiting_labels(self) -> list[str]:
        return [str(Side(side).label) for side in CONFIRMING_SIDES if side in self.awaiting]


def confirmed_sides(
    access: CaseAccess, administration: Administration, *, fresh: bool = False
) -> set[str]:
    """The sides that confirmed the checklist's levels: as prefetched by
    `administrations_for` (for display), else (or `fresh`, for a write) one query through
    the policy."""
    prefetched = getattr(administration, "_prefetched_objects_cache", {}).get("confirmations")
    if prefetched is not None and not fresh:
        return {c.side for c in prefetched}
    confirmations = LevelConfirmation.objects.visible_to(access)
    return set(confirmations.filter(administration=administration).values_list("side", flat=True))


def agreement_of(
    access: CaseAccess, administration: Administration, required: set[str] | None = None
) -> Agreement | None:
    """The confirmation state of a completed joint risk checklist (None for anything else).
    `required`: the sides to confirm, when the caller read them already."""
    if not needs_confirmation(administration) or administration.status != "completed":
        return None
    confirmed = frozenset(confirmed_sides(access, administration))
    if required is None:
        # The access's case when it is the administration's: no second read of the case.
        case = access.case if administration.case_id == access.case.pk else administration.case
        required = sides_to_confirm(case)
    awaiting = frozenset(required) - confirmed
    return Agreement(confirmed, awaiting, may_confirm=access.side in awaiting)


def raised_elsewhere(
    access: CaseAccess,
    administration: Administration,
    *,
    readable: Iterable[Answer] | None = None,
    children: list[int] | None = None,
) -> dict[Unit, list[str]]:
    """(section key, child) → why its rule's level is higher than the answers the viewer
    reads give ("raised by information held by the victim side"), for the sections (and
    children) where it is. The items are never named. Three queries, one of them in the
    `scoring` scope; one, when the caller gives the answers the viewer reads (`readable`,
    through the policy: `queries.answer_rows`) and the case's children."""
    definition = registry.get(
        administration.definition_key,
        administration.definition_version,
        administration.definition_owner_id,
    )
    if not definition.levels:
        return {}
    if readable is None:
        readable = Answer.objects.visible_to(access).filter(administration=administration)
    read: dict[int | None, dict[str, list[Any]]] = {}
    readable_ids = set()
    for answer in readable:
        by_item = read.setdefault(answer.child_id, {})
        by_item.setdefault(answer.item, []).append(json.loads(answer.value))
        readable_ids.add(answer.pk)
    every: dict[int | None, dict[str, list[Any]]] = {}
    # (child, item) → the sides whose answer to it the viewer cannot read
    held: dict[tuple[int | None, str], set[str]] = {}
    with named_scope("scoring"):
        for answer in Answer.objects.filter(administration=administration):
            by_item = every.setdefault(answer.child_id, {})
            by_item.setdefault(answer.item, []).append(json.loads(answer.value))
            if answer.pk not in readable_ids:
                side = SIDE_OF_SOURCE.get(answer.source, "")
                held.setdefault((answer.child_id, answer.item), set()).add(side)
    if children is None:
        children = queries.child_ids(access)
    mine = scoring.unit_levels(definition, read, children)
    full = scoring.unit_levels(definition, every, children)
    sections = {section.key: section for section in definition.sections}
    raised = {}
    for (key, child), level in full.items():
        if definition.levels.index(level) <= definition.levels.index(mine[(key, child)]):
            continue
        # A child's level also counts what was answered for all the children.
        sides = set().union(
            *(
                held.get((who, item.key), set())
                for item in sections[key].items
                for who in {None, child}
            )
        )
        order = (*CONFIRMING_SIDES, Side.AGENCY)
        raised[(key, child)] = [str(RAISED_BY[side]) for side in order if side in sides]
    return raised
