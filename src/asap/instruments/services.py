"""Writes on instruments: uploading a definition, starting an administration, answering,
and agreeing the result. Each leaves its audit row in the same transaction."""

import json
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from asap.accounts.models import Organisation, User
from asap.cases import services as cases
from asap.cases.access import CaseAccess, readable_compartments
from asap.cases.enums import Side
from asap.core import audit
from asap.core.scopes import named_scope
from asap.core.versioning import save_versioned
from asap.instruments import registry, scoring
from asap.instruments.agreement import (
    CONFIRMING_SIDES,
    RISK_CHECKLIST,
    confirmed_sides,
    needs_confirmation,
    sides_to_confirm,
)
from asap.instruments.definition import Definition, DefinitionError, Item, load_definition
from asap.instruments.enums import AdministrationStatus, Source
from asap.instruments.models import (
    Administration,
    Answer,
    LevelConfirmation,
    SectionResult,
    UploadedDefinition,
)
from asap.instruments.scoring import final_level_allowed, highest

SOURCE_OF_SIDE = {
    Side.PERPETRATOR: Source.PERPETRATOR_PROGRAMME,
    Side.VICTIM: Source.VICTIM_SUPPORT_SERVICE,
    Side.AGENCY: Source.OTHER_AGENCY,
}
# Who holds an administration by its respondent: her answers are the victim side's.
COMPARTMENT_OF_RESPONDENT = {"victim": "victim"}
STRICTNESS = ["joint", "perpetrator", "victim", "protected"]


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


def start_administration(
    *, actor: User, access: CaseAccess, key: str, time_point: str = "", due_on: Any = None
) -> Administration:
    """Start filling in instrument `key` on a case, with the definition the actor's agency
    uses now. Side effect: audit `instrument.start`."""
    available = registry.available(access.organisation_id)[key]
    definition = available.definition
    with transaction.atomic():
        administration = Administration.objects.create(
            case=access.case,
            organisation_id=access.organisation_id,
            definition_key=definition.key,
            definition_version=definition.version,
            definition_owner_id=available.owner_id,
            respondent=definition.respondent,
            compartment=COMPARTMENT_OF_RESPONDENT.get(definition.respondent, "joint"),
            time_point=time_point,
            due_on=due_on,
            opened_by=actor,
        )
        audit.record(
            actor=actor,
            action="instrument.start",
            obj=administration,
            organisation_id=access.organisation_id,
            case_id=access.case.pk,
            fields=["definition_key", "time_point"],
        )
    return administration


def definition_of(administration: Administration) -> Definition:
    """The definition this administration used, whatever is current now."""
    return registry.get(
        administration.definition_key,
        administration.definition_version,
        administration.definition_owner_id,
    )


def _compartment(administration: Administration, item_compartment: str) -> str:
    return max(administration.compartment, item_compartment, key=STRICTNESS.index)


ANSWERED_BY = {"perpetrator": {Side.PERPETRATOR}, "victim": {Side.VICTIM}}


def may_answer(access: CaseAccess, administration: Administration) -> bool:
    """Her questionnaire is answered on the victim side, his on the perpetrator side; a
    worker's instrument by every member."""
    sides = ANSWERED_BY.get(administration.respondent)
    return administration.status == AdministrationStatus.OPEN and (
        sides is None or access.side in sides
    )


def answerable_items(access: CaseAccess, definition: Definition) -> list[Item]:
    """The items a side answers: those it files under (never a protected or victim-only
    item on the perpetrator side, whose answer it could not see again). A write rule."""
    readable = readable_compartments(access.side)
    return [item for item in definition.items if item.compartment in readable]


def save_answers(
    *,
    actor: User,
    access: CaseAccess,
    administration: Administration,
    answers: Mapping[str, Any],
    expected_version: int,
) -> None:
    """Record the actor's side's answers (an empty answer removes it). Raises
    ConcurrentEditError if the administration changed since `expected_version`. Side
    effect: audit `instrument.answer` naming the items, never the values."""
    definition = definition_of(administration)
    source = SOURCE_OF_SIDE[access.side]
    allowed = {item.key for item in answerable_items(access, definition)}
    if not may_answer(access, administration) or not set(answers) <= allowed:
        raise PermissionError("This side does not answer these items.")
    changed = []
    # The side's own answers: always readable by it (the policy), so read through it.
    own = (
        Answer.objects.visible_to(access)
        .filter(administration=administration, source=source)
        .select_related("administration")  # the case whose key seals the value
    )
    with transaction.atomic():
        save_versioned(administration, fields=[], expected_version=expected_version)
        stored = {a.item: a.value for a in own}
        for key, value in answers.items():
            item = definition.item(key)
            if value in (None, "", []):
                if key in stored:
                    own.filter(item=key).delete()
                    changed.append(key)
                continue
            if stored.get(key) == json.dumps(value):
                continue  # unchanged: who answered it stays who gave this answer
            changed.append(key)
            own.update_or_create(
                administration=administration,
                item=key,
                source=source,
                defaults={
                    "value": json.dumps(value),
                    "respondent": definition.respondent,
                    "compartment": _compartment(administration, item.compartment),
                    "answered_by": actor,
                },
            )
        audit.record(
            actor=actor,
            action="instrument.answer",
            obj=administration,
            organisation_id=access.organisation_id,
            case_id=access.case.pk,
            fields=sorted(changed),
        )


def all_answers(administration: Administration) -> dict[str, list[Any]]:
    """Every source's answer per item, for scoring only (never for display: see queries):
    read in the `scoring` scope; only the levels computed from it leave."""
    values: dict[str, list[Any]] = {}
    with named_scope("scoring"):
        for answer in Answer.objects.filter(administration=administration):
            values.setdefault(answer.item, []).append(json.loads(answer.value))
    return values


def rule_levels(administration: Administration) -> dict[str, str]:
    """The level each scored section's rule gives for the answers so far."""
    return scoring.rule_levels(definition_of(administration), all_answers(administration))


def complete_administration(
    *,
    actor: User,
    access: CaseAccess,
    administration: Administration,
    decisions: Mapping[str, tuple[str, str]],
    expected_version: int,
) -> list[SectionResult]:
    """Agree the result: per scored section the rule's level, the final level (never lower)
    and the reason for raising it. Raises LevelLoweredError or ValueError (a raise without
    a reason). A case's risk checklist is thereby proposed: the actor's side confirms it,
    and the case's risk level follows once every side taking part has (`confirm_level`).
    Side effects: audit `instrument.complete` (and `instrument.confirm`); when agreed, the
    case's risk level and alert (`_agree`)."""
    definition = definition_of(administration)
    levels = rule_levels(administration)
    for section, rule in levels.items():
        final, reason = decisions.get(section, (rule, ""))
        if not final_level_allowed(definition, rule, final):
            raise LevelLoweredError(section)
        if final != rule and not reason.strip():
            raise ValueError(section)
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
        for section, rule in levels.items():
            final, reason = decisions.get(section, (rule, ""))
            results.append(
                SectionResult.objects.create(
                    administration=administration,
                    section=section,
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
            fields=["status", *(f"{r.section}.final_level" for r in results)],
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
    new_serious = _serious_yes(administration) - (_serious_yes(previous) if previous else set())
    rose_to_high = case_level == "high" and access.case.risk_level != "high"
    cases.set_risk_level(
        actor=actor,
        access=access,
        risk_level=case_level,
        alert=rose_to_high or bool(new_serious),
    )
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


def _serious_yes(administration: Administration) -> set[str]:
    definition = definition_of(administration)
    serious = {item.key for item in definition.items if item.tier == "serious"}
    return {
        item
        for item, values in all_answers(administration).items()
        if item in serious and "yes" in values
    }
