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
from asap.core.versioning import save_versioned
from asap.instruments import registry, scoring
from asap.instruments.definition import Definition, DefinitionError, Item, load_definition
from asap.instruments.enums import AdministrationStatus, Source
from asap.instruments.models import Administration, Answer, SectionResult, UploadedDefinition
from asap.instruments.scoring import final_level_allowed, highest

SOURCE_OF_SIDE = {
    Side.PERPETRATOR: Source.PERPETRATOR_PROGRAMME,
    Side.VICTIM: Source.VICTIM_SUPPORT_SERVICE,
    Side.AGENCY: Source.OTHER_AGENCY,
}
# Who holds an administration by its respondent: her answers are the victim side's.
COMPARTMENT_OF_RESPONDENT = {"victim": "victim"}
STRICTNESS = ["joint", "perpetrator", "victim", "protected"]
RISK_CHECKLIST = "risk-checklist"


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
    """The items a side answers: those it may read (never a protected or victim-only item
    on the perpetrator side, whose answer it could not see again)."""
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
    with transaction.atomic():
        save_versioned(administration, fields=[], expected_version=expected_version)
        stored = {
            a.item: a.value
            for a in Answer.objects.filter(administration=administration, source=source)
        }
        for key, value in answers.items():
            item = definition.item(key)
            existing = Answer.objects.filter(administration=administration, item=key, source=source)
            if value in (None, "", []):
                if key in stored:
                    existing.delete()
                    changed.append(key)
                continue
            if stored.get(key) != json.dumps(value):
                changed.append(key)
            Answer.objects.update_or_create(
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
    """Every source's answer per item, for scoring only (never for display: see queries)."""
    values: dict[str, list[Any]] = {}
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
    a reason). Side effects: a risk checklist sets the case's risk level and, when it rose
    to high or a serious indicator is new, alerts the case; audit `instrument.complete`."""
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
        if administration.definition_key == RISK_CHECKLIST:
            case_level = highest(definition, [r.final_level for r in results])
            new_serious = _serious_yes(administration) - (
                _serious_yes(previous) if previous else set()
            )
            rose_to_high = case_level == "high" and access.case.risk_level != "high"
            cases.set_risk_level(
                actor=actor,
                access=access,
                risk_level=case_level,
                alert=rose_to_high or bool(new_serious),
            )
    return results


def _previous_risk(administration: Administration) -> Administration | None:
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


def start_organisation_questionnaire(
    *, actor: User, organisation: Organisation, key: str
) -> Administration:
    """Start the organisation's own questionnaire (no case). Side effect: audit
    `instrument.start`."""
    available = registry.available(organisation.pk)[key]
    definition = available.definition
    with transaction.atomic():
        administration = Administration.objects.create(
            organisation=organisation,
            definition_key=definition.key,
            definition_version=definition.version,
            definition_owner_id=available.owner_id,
            respondent=definition.respondent,
            opened_by=actor,
        )
        audit.record(
            actor=actor,
            action="instrument.start",
            obj=administration,
            organisation_id=organisation.pk,
            fields=["definition_key"],
        )
    return administration


def save_organisation_answers(
    *,
    actor: User,
    administration: Administration,
    answers: Mapping[str, Any],
    expected_version: int,
    complete: bool = False,
) -> None:
    """Record the organisation's answers, and complete the questionnaire if asked. Raises
    ConcurrentEditError on a stale version. Side effect: audit `instrument.answer`."""
    definition = definition_of(administration)
    if administration.status == AdministrationStatus.COMPLETED:
        raise PermissionError("A completed questionnaire is not changed.")
    with transaction.atomic():
        fields = []
        if complete:
            administration.status = AdministrationStatus.COMPLETED
            administration.completed_by, administration.completed_at = actor, timezone.now()
            fields = ["status", "completed_by", "completed_at"]
        save_versioned(administration, fields=fields, expected_version=expected_version)
        for key, value in answers.items():
            definition.item(key)
            existing = Answer.objects.filter(
                administration=administration, item=key, source=Source.ORGANISATION
            )
            if value in (None, "", []):
                existing.delete()
                continue
            Answer.objects.update_or_create(
                administration=administration,
                item=key,
                source=Source.ORGANISATION,
                defaults={
                    "value": json.dumps(value),
                    "respondent": definition.respondent,
                    "answered_by": actor,
                },
            )
        audit.record(
            actor=actor,
            action="instrument.answer",
            obj=administration,
            organisation_id=administration.organisation_id,
            fields=sorted(answers) + (["status"] if complete else []),
        )
