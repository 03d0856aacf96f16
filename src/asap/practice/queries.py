"""Reads of the training space: whose attempts a user may open, and the trainer's comparison.

A trainee opens only their own attempts. A trainer opens the handed-in attempts of the
trainees of the organisations where they hold the trainer role; any other attempt (and one
still in progress) answers 404, as if it did not exist.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from asap.core.roles import Role
from asap.instruments import registry
from asap.instruments.definition import NO, Definition, Section, text_in
from asap.instruments.enums import LEVEL_LABELS
from asap.instruments.forms import YES_NO_UNKNOWN
from asap.instruments.scoring import rule_levels
from asap.plans.enums import SAFETY_PARTS, StalkerwareDecision, StalkerwareFound
from asap.practice import casebook
from asap.practice.casebook import PracticeCase
from asap.practice.models import (
    AttemptStatus,
    PracticeAction,
    PracticeAttempt,
    PracticeSafetyPlan,
)

PRACTISING_ROLES = (Role.TRAINEE, Role.TRAINER)
ANSWER_LABELS = dict(YES_NO_UNKNOWN)


def own_attempts(user: Any) -> QuerySet[PracticeAttempt]:
    return PracticeAttempt.objects.filter(trainee=user)


def own_attempt(user: Any, pk: int) -> PracticeAttempt:
    """The user's own attempt, or 404."""
    attempt = own_attempts(user).filter(pk=pk).first()
    if attempt is None:
        raise Http404
    return attempt


def trainees_attempts(trainer: Any) -> QuerySet[PracticeAttempt]:
    """The handed-in attempts by the trainees (and trainers) of the organisations `trainer`
    trains for. An attempt still in progress is the trainee's alone."""
    organisations = [o.pk for o in trainer.organisations_where(Role.TRAINER)]
    return (
        PracticeAttempt.objects.filter(
            status=AttemptStatus.SUBMITTED,
            trainee__memberships__organisation__in=organisations,
            trainee__memberships__role__in=PRACTISING_ROLES,
            trainee__memberships__is_active=True,
        )
        .select_related("trainee")
        .distinct()
        .order_by("-started_at", "-pk")
    )


def trainees_attempt(trainer: Any, pk: int) -> PracticeAttempt:
    """A handed-in attempt the trainer may compare, or 404 (also while still in progress)."""
    attempt = trainees_attempts(trainer).filter(pk=pk).first()
    if attempt is None:
        raise Http404
    return attempt


def case_of(attempt: PracticeAttempt) -> PracticeCase:
    case = casebook.get(attempt.case_key)
    if case is None:  # a case file removed after the attempt: nothing left to show
        raise Http404
    return case


def definition_of(attempt: PracticeAttempt) -> Definition:
    """The checklist the attempt was started on (kept readable when a case file moves on)."""
    try:
        return registry.get(attempt.definition_key, attempt.definition_version, None)
    except KeyError:  # a shipped definition removed after the attempt
        raise Http404 from None


def answers_of(attempt: PracticeAttempt) -> dict[str, Any]:
    return dict(attempt.answers.values_list("item_key", "value"))


def levels_of(definition: Definition, answers: dict[str, Any]) -> dict[str, str]:
    """Section key → the level the checklist's rule gives for the trainee's answers; none
    before the checklist was first saved."""
    if not answers:
        return {}
    # One respondent: each answer is the only source's answer to its item.
    given = {key: [value] for key, value in answers.items() if value not in (None, "", [])}
    return rule_levels(definition, given)


def actions_of(attempt: PracticeAttempt) -> QuerySet[PracticeAction]:
    return attempt.actions.all()


def action_of(attempt: PracticeAttempt, pk: int) -> PracticeAction:
    item = attempt.actions.filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def answer_label(value: Any) -> str:
    if value in (None, ""):
        return str(_("Not answered"))
    return str(ANSWER_LABELS.get(value, value))


def level_label(level: str) -> str:
    return str(LEVEL_LABELS.get(level, level)) if level else str(_("Not scored yet"))


@dataclass(frozen=True)
class ItemRow:
    key: str
    text: str
    tier: str
    given: str
    reference: str
    verdict: str  # "match", "differs" or "missing"


@dataclass(frozen=True)
class SectionComparison:
    key: str
    title: str
    rows: list[ItemRow]
    level: str
    reference_level: str

    @property
    def level_text(self) -> str:
        return level_label(self.level)

    @property
    def reference_level_text(self) -> str:
        return level_label(self.reference_level)

    @property
    def level_matches(self) -> bool:
        return self.level == self.reference_level

    @property
    def matches(self) -> int:
        return sum(row.verdict == "match" for row in self.rows)


def _verdict(given: Any, reference: str) -> str:
    if given in (None, ""):
        return "missing"
    return "match" if given == reference else "differs"


def _section(
    section: Section, answers: dict[str, Any], case: PracticeCase, levels: dict[str, str]
) -> SectionComparison:
    rows = []
    for item in section.items:
        given = answers.get(item.key)
        reference = case.reference_answers.get(item.key, NO)
        verdict = _verdict(given, reference)
        rows.append(
            ItemRow(
                key=item.key,
                text=item.label(),
                tier=section.tier_title(item.tier),
                given=answer_label(given),
                reference=answer_label(reference),
                verdict=verdict,
            )
        )
    return SectionComparison(
        key=section.key,
        title=text_in(section.title),
        rows=rows,
        level=levels.get(section.key, ""),
        reference_level=case.reference_levels.get(section.key, ""),
    )


def checklist_comparison(
    attempt: PracticeAttempt, case: PracticeCase, definition: Definition
) -> list[SectionComparison]:
    """Each item: the trainee's answer beside the reference, and each section's level."""
    answers = answers_of(attempt)
    levels = levels_of(definition, answers)
    return [_section(s, answers, case, levels) for s in definition.sections]


def _safety_titles() -> list[str]:
    return [
        *(str(part.title) for part in SAFETY_PARTS),
        str(_("Stalkerware found?")),
        str(_("Decision")),
        str(_("Reason for the decision")),
    ]


def _plan_texts(plan: PracticeSafetyPlan) -> list[str]:
    found, decided = dict(StalkerwareFound.choices), dict(StalkerwareDecision.choices)
    return [getattr(plan, part.field) for part in SAFETY_PARTS] + [
        str(found.get(plan.stalkerware_found, "")),
        str(decided.get(plan.stalkerware_decision, "")),
        plan.stalkerware_reason,
    ]


def _reference_texts(case: PracticeCase) -> list[str]:
    found, decided = dict(StalkerwareFound.choices), dict(StalkerwareDecision.choices)
    return [case.safety_text(part.field) for part in SAFETY_PARTS] + [
        str(found.get(str(case.reference_safety.get("stalkerware_found", "")), "")),
        str(decided.get(str(case.reference_safety.get("stalkerware_decision", "")), "")),
        case.safety_text("stalkerware_reason"),
    ]


def own_safety(attempt: PracticeAttempt) -> list[tuple[str, str]]:
    """Each part of the trainee's IT safety plan: (title, the trainee's text)."""
    return list(zip(_safety_titles(), _plan_texts(attempt.safety_plan), strict=True))


def safety_comparison(attempt: PracticeAttempt, case: PracticeCase) -> list[tuple[str, str, str]]:
    """Each part of the IT safety plan: (title, the trainee's text, the reference text)."""
    texts = zip(_plan_texts(attempt.safety_plan), _reference_texts(case), strict=True)
    return [
        (title, given, reference)
        for title, (given, reference) in zip(_safety_titles(), texts, strict=True)
    ]


def reference_safety(case: PracticeCase) -> list[tuple[str, str]]:
    """Each part of the case's reference IT safety plan: (title, the reference text)."""
    return list(zip(_safety_titles(), _reference_texts(case), strict=True))
