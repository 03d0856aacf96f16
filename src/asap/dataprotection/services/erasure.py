"""Erasure of one person's data on request (GDPR art. 17).

The person's name and protected details go; every occurrence of those values in the case's
free text (notes, answers, plans, episodes, meetings) is overwritten; for the woman, the
protected compartment's free text goes too (it exists to locate or identify her). The audit
trail keeps THAT it happened (`person.erased`, pointing at a `SubjectRequest` with the case
code, the person's role and the request reference), never what was erased; no audit row is
changed, so the hash chain still verifies.
"""

import json
from typing import Any

from django.db import connection, transaction

from asap.cases.enums import Compartment, PersonRole
from asap.cases.models import ChildAssessmentPreparation, JointCase, Person, ProtectedDetail
from asap.core import audit
from asap.core.scopes import named_scope
from asap.dataprotection.casedata import all_case_models, redact, update_rows
from asap.dataprotection.enums import RequestKind, split_person
from asap.dataprotection.models import SubjectRequest

ERASED = "[erased]"


class PersonNotFound(Exception):  # noqa: N818  (reads as what happened)
    """The case has no such person."""


def person_of(access: Any, choice: str) -> Person:
    """The person of the officer's case named by role ("victim", "perpetrator", "child:2"),
    read through the policy (`asap.dataprotection.sides.OfficerAccess`)."""
    role, number = split_person(choice)
    persons = Person.objects.visible_to(access).filter(role=role)
    if role == PersonRole.CHILD:
        persons = persons.filter(number=number)
    person = persons.order_by("pk").first()
    if person is None:
        raise PersonNotFound(choice)
    return person


def identifying_values(person: Person, scope: str) -> list[str]:
    """The person's name and protected details: what must not outlive an erasure, and what
    another person's subject-access export must never show. Read in the caller's named
    `scope` ("erasure", "data-protection-officer"): the values serve only to find and
    withhold them, they are never shown."""
    values = [person.name] if person.name else []
    with named_scope(scope):
        values += list(
            ProtectedDetail.objects.filter(person=person).values_list("value", flat=True)
        )
    return [v for v in values if v and v.strip()]


def _redact_stored(text: str, values: list[str]) -> str:
    """Redact plain text, or the strings inside a stored JSON value (escapes and all)."""
    if text[:1] in '[{"':
        try:
            decoded = json.loads(text)
        except ValueError:
            return redact(text, values, ERASED)
        return json.dumps(_redact_json(decoded, values))
    return redact(text, values, ERASED)


def _redact_json(value: Any, values: list[str]) -> Any:
    if isinstance(value, str):
        return redact(value, values, ERASED)
    if isinstance(value, list):
        return [_redact_json(v, values) for v in value]
    if isinstance(value, dict):
        return {k: _redact_json(v, values) for k, v in value.items()}
    return value


def scrub_case(case: JointCase, values: list[str]) -> list[str]:
    """Overwrite every occurrence of `values` in the case's encrypted free text; the names
    of the fields that held one."""
    touched = set()
    lowered = [v.casefold() for v in values]
    for case_model in all_case_models():
        if not case_model.encrypted:
            continue
        rows = case_model.rows(case).values_list("pk", *case_model.encrypted)
        for pk, *texts in rows:
            changes = {}
            for field, text in zip(case_model.encrypted, texts, strict=True):
                if not text:
                    continue
                folded = text.casefold()
                if any(v in folded for v in lowered) or _escaped_hit(text, values):
                    changes[field] = _redact_stored(text, values)
            if changes:
                update_rows(case_model.model._default_manager.filter(pk=pk), **changes)
                touched |= {f"{case_model.key[1]}.{f}" for f in changes}
    return sorted(touched)


def _escaped_hit(text: str, values: list[str]) -> bool:
    """A value stored JSON-escaped (non-ASCII letters) inside a JSON text."""
    return text[:1] in '[{"' and any(json.dumps(v)[1:-1] in text for v in values)


def _erase_victim_protected(case: JointCase) -> list[str]:
    """The woman's protected compartment: notes and answers that locate or identify her."""
    from asap.cases.models import TimelineEntry
    from asap.instruments.models import Answer

    cleared = []
    with named_scope("erasure"):
        protected_notes = TimelineEntry.objects.filter(case=case, compartment=Compartment.PROTECTED)
        if update_rows(protected_notes, title=ERASED, body=ERASED):
            cleared.append("timelineentry.protected")
        answers = update_rows(
            Answer.objects.filter(administration__case=case, compartment=Compartment.PROTECTED),
            value=json.dumps(ERASED),
        )
    if answers:
        cleared.append("answer.protected")
    return cleared


def erase_person(*, actor: Any, access: Any, person: str, reference: str) -> SubjectRequest:
    """Erase one person's identifying data from the case, for an officer whose side handles
    that person's data (`asap.dataprotection.sides.officer_access`). The person's values are
    overwritten wherever they were copied (the "erasure" scope: it writes, and only the
    names of the fields it touched leave). Side effects: a `SubjectRequest` (kind erasure)
    and an audit row `person.erased` in the same transaction; on SQLite, the write-ahead
    log is checkpointed after commit so the old pages leave it."""
    case, organisation = access.case, access.organisation
    with transaction.atomic():
        target = person_of(access, person)
        values = identifying_values(target, "erasure")
        fields = ["person.name", "person.year_of_birth", "person.gender"]
        with named_scope("erasure"):
            details = ProtectedDetail.objects.filter(person=target)
            if details.exists():
                details.delete()
                fields.append("protecteddetail")
            update_rows(Person.objects.filter(pk=target.pk), name="", year_of_birth=None, gender="")
            if target.role == PersonRole.CHILD:
                update_rows(
                    ChildAssessmentPreparation.objects.filter(child=target),
                    gender_and_needs="",
                    support_person="",
                )
                fields.append("childassessmentpreparation")
            if target.role == PersonRole.VICTIM:
                fields += _erase_victim_protected(case)
            fields += scrub_case(case, values)
        request = SubjectRequest.objects.create(
            kind=RequestKind.ERASURE,
            case_id=case.pk,
            case_code=case.code,
            person=person,
            reference=reference,
            organisation=organisation,
            done_by=actor,
            fields=sorted(set(fields)),
        )
        audit.record(
            actor=actor,
            action="person.erased",
            obj=request,
            organisation_id=organisation.pk,
            case_id=case.pk,
            fields=request.fields,
        )
        transaction.on_commit(checkpoint)
    return request


def checkpoint() -> None:
    """On SQLite, move the write-ahead log into the database file and empty it: erased
    values must not linger in the log. (Deleted cells are zeroed: see apps.py.)"""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
