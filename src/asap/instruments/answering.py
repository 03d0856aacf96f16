"""Answering an administration: who answers which items, and the write of one side's
answers (re-exported by `asap.instruments.services`, the writes of instruments). Only the
answers that changed are written, with their audit row in the same transaction."""

import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from asap.accounts.models import User
from asap.cases.access import CaseAccess, readable_compartments
from asap.cases.enums import Side
from asap.core import audit
from asap.core.versioning import save_versioned
from asap.instruments import queries, registry
from asap.instruments.definition import Definition, Item
from asap.instruments.enums import AdministrationStatus, Source
from asap.instruments.models import Administration, Answer

SOURCE_OF_SIDE = {
    Side.PERPETRATOR: Source.PERPETRATOR_PROGRAMME,
    Side.VICTIM: Source.VICTIM_SUPPORT_SERVICE,
    Side.AGENCY: Source.OTHER_AGENCY,
}
STRICTNESS = ["joint", "perpetrator", "victim", "protected"]


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


def per_child_items(definition: Definition) -> set[str]:
    return {
        item.key for section in definition.sections if section.per_child for item in section.items
    }


def save_answers(
    *,
    actor: User,
    access: CaseAccess,
    administration: Administration,
    answers: Mapping[str, Any],
    expected_version: int,
    child_answers: Mapping[int, Mapping[str, Any]] | None = None,
    read: Sequence[Answer] | None = None,
    children: Sequence[int] | None = None,
) -> None:
    """Record the actor's side's answers (an empty answer removes it): `answers` item →
    value, and `child_answers` child → item → value for the items of a section answered
    per child (an item of such a section in `answers` is about all the children). Only the
    answers that changed are written, in one query per kind of write. `read` and
    `children`: the administration's answers and the case's children as the caller read
    them through the policy for this request (`queries.answer_rows`, `queries.child_ids`),
    read here otherwise; the version check makes answers read before it as good as answers
    read after it. Raises PermissionError for an item the side does not answer or a child
    not of the case, ConcurrentEditError if the administration changed since
    `expected_version`. Side effect: audit `instrument.answer` naming the items (and the
    children), never the values."""
    definition = definition_of(administration)
    source = SOURCE_OF_SIDE[access.side]
    allowed = {item.key for item in answerable_items(access, definition)}
    child_answers = child_answers or {}
    per_child = per_child_items(definition)
    given: list[tuple[int | None, str, Any]] = [(None, k, v) for k, v in answers.items()]
    for child, values in child_answers.items():
        given.extend((child, k, v) for k, v in values.items())
    if child_answers and children is None:
        children = queries.child_ids(access)
    if (
        not may_answer(access, administration)
        or not {key for _c, key, _v in given} <= allowed
        or not {key for child, key, _v in given if child is not None} <= per_child
        or not set(child_answers) <= set(children or ())
    ):
        raise PermissionError("This side does not answer these items.")
    with transaction.atomic():
        save_versioned(administration, fields=[], expected_version=expected_version)
        # The side's own answers: always readable by it (the policy), so read through it.
        rows = queries.answer_rows(access, administration) if read is None else read
        stored = {
            (a.child_id, a.item): a
            for a in rows
            if a.source == source and a.administration_id == administration.pk
        }
        changed = _write_answers(actor, access, administration, given, stored)
        audit.record(
            actor=actor,
            action="instrument.answer",
            obj=administration,
            organisation_id=access.organisation_id,
            case_id=access.case.pk,
            fields=sorted(changed),
        )


def _write_answers(
    actor: User,
    access: CaseAccess,
    administration: Administration,
    given: list[tuple[int | None, str, Any]],
    stored: dict[tuple[int | None, str], Answer],
) -> list[str]:
    """Write the answers of `given` that differ from `stored` (the side's own): one DELETE
    for those emptied, one INSERT for the new, one UPDATE for the changed, each through the
    policy. An unchanged answer is not written: who answered it stays who gave that answer.
    Returns the changed names (`item`, `item@child<id>`)."""
    definition = definition_of(administration)
    source = SOURCE_OF_SIDE[access.side]
    changed: list[str] = []
    removed: list[int] = []
    new: list[Answer] = []
    updated: list[Answer] = []
    now = timezone.now()
    sealed = Answer._meta.get_field("value")
    for child, key, value in given:
        name = key if child is None else f"{key}@child{child}"
        answer = stored.get((child, key))
        if value in (None, "", []):
            if answer is not None:
                removed.append(answer.pk)
                changed.append(name)
            continue
        text = json.dumps(value)
        if answer is not None and answer.value == text:
            continue  # unchanged: who answered it stays who gave this answer
        changed.append(name)
        compartment = _compartment(administration, definition.item(key).compartment)
        if answer is None:
            new.append(
                Answer(
                    administration=administration,
                    item=key,
                    source=source,
                    child_id=child,
                    value=text,
                    respondent=definition.respondent,
                    compartment=compartment,
                    answered_by=actor,
                )
            )
            continue
        answer.administration = administration  # whose case's key seals the value
        answer.value, answer.respondent = text, definition.respondent
        answer.compartment, answer.answered_by, answer.answered_at = compartment, actor, now
        # bulk_update does not call pre_save: seal the value under the case's key here.
        answer.value = sealed.pre_save(answer, add=False)
        updated.append(answer)
    own = Answer.objects.visible_to(access).filter(administration=administration, source=source)
    if removed:
        own.filter(pk__in=removed).delete()
    if new:
        own.bulk_create(new)
    if updated:
        own.bulk_update(
            updated, ["value", "respondent", "compartment", "answered_by", "answered_at"]
        )
    return changed
