"""Writes on instruments: uploading a definition, answering, and agreeing the result (starting
and withdrawing an administration: `asap.instruments.starting`; answering:
`asap.instruments.answering`; both re-exported here). Each leaves its audit row in the same
transaction."""

import json
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from asap.accounts.models import Organisation, User
from asap.cases import services as cases
from asap.cases.access import CaseAccess
from asap.core import audit
from asap.core.scopes import named_scope
from asap.core.versioning import save_versioned
from asap.instruments import queries, registry, scoring
from asap.instruments.agreement import (
    CONFIRMING_SIDES,
    RISK_CHECKLIST,
    confirmed_sides,
    needs_confirmation,
    sides_to_confirm,
)
from asap.instruments.answering import (  # noqa: F401 (re-exported: the writes of instruments)
    SOURCE_OF_SIDE,
    answerable_items,
    definition_of,
    may_answer,
    per_child_items,
    save_answers,
)
from asap.instruments.definition import Definition, DefinitionError, load_definition
from asap.instruments.enums import AdministrationStatus
from asap.instruments.models import (
    Administration,
    Answer,
    LevelConfirmation,
    SectionResult,
    UploadedDefinition,
)
from asap.instruments.scoring import AnswersByChild, Unit, final_level_allowed, highest
from asap.instruments.starting import (  # noqa: F401 (re-exported: the writes of instruments)
    AlreadyStartedError,
    NotWithdrawableError,
    start_administration,
    withdraw_administration,
)
from asap.webhooks.enums import EventKind
from asap.webhooks.events import emit


class LevelLoweredError(ValueError):
    """Professional judgement tried to lower the level the rule gave."""


def upload_definition(
    *, actor: User, organisation: Organisation, file_name: str, text: str
) -> UploadedDefinition:
    """Add (or, with a shipped key, replace) an instrument for `organisation`. Raises
    DefinitionError when the definition is invalid or its version exists. Side effect:
    audit `instrument.upload`."""
    definition = load_definition(text, file_name)
    current = registry.available(organisation.pk).get(definition.key)
    if current is not None and definition.version <= current.definition.version:
        raise DefinitionError(
            file_name,
            "version",
            f"{definition.key} version {current.definition.version} is in use: "
            "give the new definition a higher version",
        )
    with transaction.atomic():
        row = UploadedDefinition.objects.create(
            organisation=organisation,
            key=definition.key,
            version=definition.version,
            title=definition.label("en")[:300],
            respondent=definition.respondent,
            file_name=file_name[:200],
            source=text,
            uploaded_by=actor,
        )
        audit.record(
            actor=actor,
            action="instrument.upload",
            obj=row,
            organisation_id=organisation.pk,
            fields=["key", "version", "source"],
        )
    return row


def all_answers(administration: Administration) -> dict[int | None, dict[str, list[Any]]]:
    """Every source's answer per child (None: not about one child) and item, for scoring
    only (never for display: see queries): read in the `scoring` scope; only the levels
    computed from it leave."""
    values: dict[int | None, dict[str, list[Any]]] = {}
    with named_scope("scoring"):
        for answer in Answer.objects.filter(administration=administration):
            by_item = values.setdefault(answer.child_id, {})
            by_item.setdefault(answer.item, []).append(json.loads(answer.value))
    return values


def rule_levels(access: CaseAccess, administration: Administration) -> dict[Unit, str]:
    """The level each scored section's rule gives for the answers so far: (section key,
    child) → level, a section answered per child once per child of the case."""
    return scoring.unit_levels(
        definition_of(administration), all_answers(administration), queries.child_ids(access)
    )


def _decision(decisions: Mapping[Any, tuple[str, str]], unit: Unit, rule: str) -> tuple[str, str]:
    """The decision for `unit`: given for it, else for its whole section (every child),
    else the rule's level."""
    return decisions.get(unit) or decisions.get(unit[0]) or (rule, "")


def complete_administration(
    *,
    actor: User,
    access: CaseAccess,
    administration: Administration,
    decisions: Mapping[Any, tuple[str, str]],
    expected_version: int,
) -> list[SectionResult]:
    """Agree the result: per scored section (per child, for a section answered per child:
    `decisions` keyed by (section, child), or by section for all its children) the rule's
    level, the final level (never lower) and the reason for raising it. Raises
    LevelLoweredError or ValueError (a raise without a reason). A case's risk checklist is
    thereby proposed: the actor's side confirms it, and the case's risk level (the highest
    final level, every child's included) follows once every side taking part has
    (`confirm_level`).
    Side effects: audit `instrument.complete` (and `instrument.confirm`); when agreed, the
    case's risk level and alert (`_agree`)."""
    definition = definition_of(administration)
    levels = rule_levels(access, administration)
    for unit, rule in levels.items():
        final, reason = _decision(decisions, unit, rule)
        if not final_level_allowed(definition, rule, final):
            raise LevelLoweredError(unit[0])
        if final != rule and not reason.strip():
            raise ValueError(unit[0])
    previous = _previous_risk(administration)
    with transaction.atomic():
        administration.status = AdministrationStatus.COMPLETED
        administration.completed_by, administration.completed_at = actor, timezone.now()
        save_versioned(
            administration,
            fields=["status", "completed_by", "completed_at"],
            expected_version=expected_version,
        )
        results = []
        for (section, child), rule in levels.items():
            final, reason = _decision(decisions, (section, child), rule)
            results.append(
                SectionResult.objects.create(
                    administration=administration,
                    section=section,
                    child_id=child,
                    rule_level=rule,
                    final_level=final,
                    reason=reason if final != rule else "",
                    decided_by=actor,
                )
            )
        audit.record(
            actor=actor,
            action="instrument.complete",
            obj=administration,
            organisation_id=access.organisation_id,
            case_id=access.case.pk,
            fields=["status", *sorted({f"{r.section}.final_level" for r in results})],
        )
        if needs_confirmation(administration) and access.side in CONFIRMING_SIDES:
            _confirm(actor, access, administration)
        if needs_confirmation(administration):
            _agree_if_confirmed(actor, access, administration, definition, results, previous)
    return results


def confirm_level(*, actor: User, access: CaseAccess, administration: Administration) -> bool:
    """The actor's side confirms the levels proposed in a completed joint risk checklist.
    Returns whether the level is now agreed (every side taking part confirmed). Raises
    PermissionError when there is nothing for this side to confirm. Side effects: audit
    `instrument.confirm`; when agreed, the case's risk level, its timeline entry and the
    alert (`cases.set_risk_level`)."""
    if (
        not needs_confirmation(administration)
        or administration.status != AdministrationStatus.COMPLETED
        or access.side not in CONFIRMING_SIDES
        or access.side in confirmed_sides(access, administration, fresh=True)
    ):
        raise PermissionError("Your side has nothing to confirm here.")
    definition = definition_of(administration)
    results = list(SectionResult.objects.visible_to(access).filter(administration=administration))
    previous = _previous_risk(administration)
    with transaction.atomic():
        # One confirmation at a time per checklist: the second sees the first's.
        Administration.objects.visible_to(access).select_for_update().get(pk=administration.pk)
        _confirm(actor, access, administration)
        return _agree_if_confirmed(actor, access, administration, definition, results, previous)


def _confirm(actor: User, access: CaseAccess, administration: Administration) -> None:
    LevelConfirmation.objects.create(
        administration=administration, side=access.side, confirmed_by=actor
    )
    audit.record(
        actor=actor,
        action="instrument.confirm",
        obj=administration,
        organisation_id=access.organisation_id,
        case_id=access.case.pk,
        fields=["side"],
    )


def _agree_if_confirmed(
    actor: User,
    access: CaseAccess,
    administration: Administration,
    definition: Definition,
    results: list[SectionResult],
    previous: Administration | None,
) -> bool:
    """Once every side taking part confirmed, the checklist's level (mapped onto the case's
    levels by the definition's `level_map`) is the case's; it alerts when it rose to high
    or a serious indicator is new."""
    confirmed = confirmed_sides(access, administration, fresh=True)
    if not confirmed or not sides_to_confirm(access.case) <= confirmed:
        return False
    case_level = definition.case_level(highest(definition, [r.final_level for r in results]))
    before = _serious_yes(previous) if previous else set()
    # New: not answered yes before for this child, nor for all the children together.
    new_serious = {
        (child, item)
        for child, item in _serious_yes(administration)
        if (child, item) not in before and (None, item) not in before
    }
    rose_to_high = case_level == "high" and access.case.risk_level != "high"
    alert = rose_to_high or bool(new_serious)
    cases.set_risk_level(actor=actor, access=access, risk_level=case_level, alert=alert)
    if alert:  # the same moment as the risk alert's e-mail; the webhook carries the code only
        emit(EventKind.RISK_ROSE, access.case)
    return True


def _previous_risk(administration: Administration) -> Administration | None:
    """The case's risk checklist completed before this one (to find new serious
    indicators): read in the `scoring` scope, only its answers' levels are used."""
    with named_scope("scoring"):
        return (
            Administration.objects.filter(
                case=administration.case,
                definition_key=RISK_CHECKLIST,
                status=AdministrationStatus.COMPLETED,
            )
            .exclude(pk=administration.pk)
            .order_by("-completed_at")
            .first()
        )


def _serious_yes(administration: Administration) -> set[tuple[int | None, str]]:
    """(child, item) of every serious indicator answered yes: a serious indicator new for
    one child alerts, even when another child had it already."""
    definition = definition_of(administration)
    serious = {item.key for item in definition.items if item.tier == "serious"}
    answers: AnswersByChild = all_answers(administration)
    return {
        (child, item)
        for child, by_item in answers.items()
        for item, values in by_item.items()
        if item in serious and "yes" in values
    }
