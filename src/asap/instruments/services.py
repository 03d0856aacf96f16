"""Writes on instruments: uploading a definition, starting an administration, answering,
and agreeing the result. Each leaves its audit row in the same transaction."""

import json
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from asap.accounts.models import Organisation, User
from asap.cases import services as cases
from asap.cases.access import CaseAccess
from asap.cases.enums import Side
from asap.core import audit
from asap.core.versioning import save_versioned
from asap.instruments import registry
from asap.instruments.definition import Definition, DefinitionError, load_definition
from asap.instruments.enums import AdministrationStatus, Source
from asap.instruments.models import Administration, Answer, SectionResult, UploadedDefinition
from asap.instruments.scoring import final_level_allowed, highest, rule_level

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
    taken = UploadedDefinition.objects.filter(
        organisation=organisation, key=definition.key, version=definition.version
    ).exists()
    shipped = (definition.key, definition.version) in registry.shipped()
    if taken or shipped:
        raise DefinitionError(
            file_name,
            "version",
            f"{definition.key} version {definition.version} exists: "
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
    with transaction.atomic():
        save_versioned(administration, fields=[], expected_version=expected_version)
        for key, value in answers.items():
            item = definition.item(key)
            existing = Answer.objects.filter(administration=administration, item=key, source=source)
            if value in (None, "", []):
                existing.delete()
                continue
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
            fields=sorted(answers),
        )


def all_answers(administration: Administration) -> dict[str, list[Any]]:
    """Every source's answer per item, for scoring only (never for display: see queries)."""
    values: dict[str, list[Any]] = {}
    for answer in Answer.objects.filter(administration=administration):
        values.setdefault(answer.item, []).append(json.loads(answer.value))
    return values


def rule_levels(administration: Administration) -> dict[str, str]:
    """The level each scored section's rule gives for the answers so far."""
    definition = definition_of(administration)
    answers = all_answers(administration)
    return {
        section.key: rule_level(definition, section, answers)
        for section in definition.sections
        if section.is_scored
    }


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
