"""The instruments' section of the case page: each child's level in the latest joint risk
checklist (Section B, answered per child) and the highest of them, read by the case page's
view (`asap.cases.sections`), through the door."""

from dataclasses import dataclass
from typing import Any

from asap.cases.access import CaseAccess
from asap.instruments import agreement, queries
from asap.instruments.enums import LEVEL_LABELS, AdministrationStatus
from asap.instruments.scoring import highest
from asap.instruments.services import definition_of


@dataclass(frozen=True)
class ChildLevel:
    label: str
    level: str  # in words; "" when the checklist gave this child no level of its own


@dataclass(frozen=True)
class ChildrenRisk:
    administration: Any
    rows: list[ChildLevel]
    highest: str
    agreed: bool


def _latest_completed_checklist(access: CaseAccess, administrations: Any) -> Any:
    """The latest completed joint risk checklist with its levels: from the case page's
    `queries.case_page_administrations` when given (a list), else one query."""
    if not isinstance(administrations, list) or any(
        a.completed_at is None and a.status == AdministrationStatus.COMPLETED
        for a in administrations
    ):  # a completed one without its date: the database orders it (NULLs differ)
        return (
            queries.administrations_for(access)
            .filter(definition_key=agreement.RISK_CHECKLIST, status=AdministrationStatus.COMPLETED)
            .order_by("-completed_at", "-pk")
            .first()
        )
    completed = [
        a
        for a in administrations
        if a.definition_key == agreement.RISK_CHECKLIST
        and a.status == AdministrationStatus.COMPLETED
    ]
    if not completed:
        return None
    latest = max(completed, key=lambda a: (a.completed_at, a.pk))
    queries.add_levels(access, latest)
    return latest


def children_risk(
    access: CaseAccess, children: list[Any], administrations: Any = None
) -> ChildrenRisk | None:
    """Each child of `children` (the case page's, by label) with its final Section B level
    in the latest completed joint risk checklist, the highest of them, and whether both
    sides confirmed it. A checklist answered before Section B was per child gives every
    child the level agreed for all of them. Four queries, whatever the number of children
    (three given the case page's `administrations`)."""
    if not access.is_member or not children:
        return None
    administration = _latest_completed_checklist(access, administrations)
    if administration is None:
        return None
    definition = definition_of(administration)
    per_child = {section.key for section in definition.sections if section.per_child}
    levels: dict[int | None, list[str]] = {}
    for result in administration.results.all():
        if result.section in per_child:
            levels.setdefault(result.child_id, []).append(result.final_level)
    together = levels.get(None, [])
    own = {
        child.pk: highest(definition, levels.get(child.pk, []) or together) for child in children
    }
    rows = [
        ChildLevel(child.label, str(LEVEL_LABELS.get(own[child.pk], own[child.pk])))
        for child in children
    ]
    top = highest(definition, own.values())
    state = agreement.agreement_of(access, administration)
    return ChildrenRisk(
        administration=administration,
        rows=rows,
        highest=str(LEVEL_LABELS.get(top, top)),
        agreed=bool(state and state.agreed),
    )


def section(access: CaseAccess, page: dict[str, Any]) -> ChildrenRisk | None:
    """`children_risk` of the case page's children, from its one read of the checklists."""
    return children_risk(access, page.get("children", []), page.get("administrations"))
