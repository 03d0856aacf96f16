"""Writes on an organisation's own questionnaire (no case): starting it, answering and
completing it. Read and written through `of_organisation`, for that organisation's
coordinators only (the views decide who). Each leaves its audit row."""

import json
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from asap.accounts.models import Organisation, User
from asap.core import audit
from asap.core.versioning import save_versioned
from asap.instruments import registry
from asap.instruments.enums import AdministrationStatus, Source
from asap.instruments.models import Administration, Answer
from asap.instruments.services import definition_of


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
    answered = Answer.objects.of_organisation(administration.organisation_id).filter(
        administration=administration, source=Source.ORGANISATION
    )
    with transaction.atomic():
        fields = []
        if complete:
            administration.status = AdministrationStatus.COMPLETED
            administration.completed_by, administration.completed_at = actor, timezone.now()
            fields = ["status", "completed_by", "completed_at"]
        save_versioned(administration, fields=fields, expected_version=expected_version)
        for key, value in answers.items():
            definition.item(key)
            if value in (None, "", []):
                answered.filter(item=key).delete()
                continue
            answered.update_or_create(
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
