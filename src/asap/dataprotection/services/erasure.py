"""Erasure of one person's data on request (GDPR art. 17).

First the keys go (crypto-shredding, `asap.core.datakeys`): the person's own key, and for
the woman the victim side's key of the case (for the man, the perpetrator side's), so that
everything that side recorded is beyond use wherever a copy lies (dead tuples, the
write-ahead log, old backups: `asap restore` destroys the keys again from the erasure
ledger). Then, as a second pass over what remains readable (what the other sides wrote),
every mention of the person is overwritten: the name and protected details, the name's
words alone (first name or surname), a place's street alone, whatever the spacing; for
the woman, the protected compartment's free text goes too. The audit
trail keeps THAT it happened (`person.erased`, pointing at a `SubjectRequest` with the case
code, the person's role and the request reference), never what was erased; no audit row is
changed, so the hash chain still verifies.
"""

import json
import re
from typing import Any

from django.db import connection, transaction

from asap.cases.enums import Compartment, PersonRole
from asap.cases.models import (
    ChildAssessmentPreparation,
    JointCase,
    Person,
    PersonNamePart,
    ProtectedDetail,
)
from asap.cases.services.names import index_names
from asap.core import audit, datakeys
from asap.core.fields import Sealed, owner_of
from asap.core.scopes import named_scope
from asap.dataprotection.casedata import all_case_models, mention_pattern, redact, update_rows
from asap.dataprotection.enums import RequestKind, split_person
from asap.dataprotection.models import SubjectRequest

ERASED = "[erased]"
SHORTEST_WORD = 3


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


def mentions(person: Person, values: list[str], scope: str) -> list[str]:
    """What the second pass overwrites: the values, each word of the person's name (three
    letters or more, but not a word of the man's name when erasing the woman or a child: a
    child's surname is often his), and for a place its street without the house number."""
    found = list(values)
    others: set[str] = set()
    if person.role != PersonRole.PERPETRATOR:
        with named_scope(scope):
            men = Person.objects.filter(case_id=person.case_id, role=PersonRole.PERPETRATOR)
            others = {w.casefold() for man in men for w in re.findall(r"\w+", man.name or "")}
    found += [
        word
        for word in re.findall(r"\w+", person.name or "")
        if len(word) >= SHORTEST_WORD and word.casefold() not in others
    ]
    for value in values:
        street = value.split(",")[0].strip()
        number_last = re.fullmatch(r"(\D+?)\s+(\d+\w*)", street)
        number_first = re.fullmatch(r"(\d+\w*)\s+(\D+)", street)
        if number_last:
            found.append(f"{number_last[2]} {number_last[1]}")
        if number_first:
            found.append(f"{number_first[2]} {number_first[1]}")
        found += [street, re.sub(r"\s*\b(?:n\.?|no\.?|nr\.?)?\s*\d+\w*\b", "", street)]
    return sorted({v.strip() for v in found if v and len(v.strip()) >= SHORTEST_WORD})


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
    pattern = mention_pattern(values)
    if pattern is None:
        return []
    for case_model in all_case_models():
        if not case_model.encrypted:
            continue
        rows = case_model.rows(case).values_list("pk", *case_model.encrypted)
        for pk, *texts in rows:
            changes = {}
            for field, text in zip(case_model.encrypted, texts, strict=True):
                if not text:
                    continue
                if pattern.search(text) or _escaped_hit(text, values):
                    changes[field] = _redact_stored(text, values)
            if changes:
                rows_of = case_model.model._default_manager.filter(pk=pk)
                update_rows(rows_of, **_sealed(rows_of.get(), changes))
                touched |= {f"{case_model.key[1]}.{f}" for f in changes}
    return sorted(touched)


def _sealed(instance: Any, changes: dict[str, str]) -> dict[str, str]:
    """The rewritten texts sealed under the key their row's side uses (not the master key:
    what the other side wrote stays under that side's key)."""
    sealed = {}
    for field, text in changes.items():
        owner = owner_of(instance, field)
        sealed[field] = Sealed(datakeys.seal(text, owner)) if owner else text
    return sealed


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


def keys_of(person: Person) -> list[str]:
    """The data keys erasing `person` destroys: their own, and for the woman or the man the
    key of their side in the case (everything that side recorded)."""
    own = [datakeys.person_subject(person.role, person.number)]
    sides = {PersonRole.VICTIM: datakeys.VICTIM, PersonRole.PERPETRATOR: datakeys.PERPETRATOR}
    return own + ([sides[person.role]] if person.role in sides else [])


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
        values = mentions(target, identifying_values(target, "erasure"), "erasure")
        destroyed = datakeys.destroy(
            case.pk, keys_of(target), reason=f"erasure of {person} ({reference})"[:100]
        )
        fields = ["person.name", "person.year_of_birth", "person.gender"]
        fields += [f"key.{entry['subject']}" for entry in destroyed]
        with named_scope("erasure"):
            details = ProtectedDetail.objects.filter(person=target)
            if details.exists():
                details.delete()
                fields.append("protecteddetail")
            PersonNamePart.objects.filter(person=target).delete()
            update_rows(
                Person.objects.filter(pk=target.pk),
                name="",
                name_index="",
                year_of_birth=None,
                gender="",
            )
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
            # Another person's name may have held hers (a child's surname): the case's name
            # parts follow the names as the second pass left them.
            PersonNamePart.objects.filter(case=case).delete()
            index_names(Person.objects.filter(case=case))
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
