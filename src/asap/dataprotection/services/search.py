"""Finding a data subject by name, for a request that does not quote the case code.

The match is exact (capitals and spacing aside) on the blind index of `Person.name`
(`asap.core.crypto.blind_indexes`): the name is never decrypted to search, never stored,
never shown. Only the persons whose data the officer's organisation handles can be found
(`asap.dataprotection.sides`): the woman and the children for an officer of a victim-side
organisation of the case, the man for the programme's officer (and another agency's, for
subject access). Anyone else gets the answer a name that exists nowhere gets.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

from asap.cases.enums import PersonRole, Side
from asap.cases.models import CaseAgency, JointCase, Person
from asap.core import audit, crypto
from asap.core.queries import dpo_organisation_ids
from asap.core.scopes import named_scope
from asap.dataprotection.queries import TOOK_PART
from asap.dataprotection.sides import ACCESS, ERASURE, HANDLED_BY, NotYourSide, officer_access

REQUESTS = (ACCESS, ERASURE)


@dataclass(frozen=True)
class Found:
    """A person the officer may handle a request for: the case code and the person by role."""

    case_id: int
    case_code: str
    organisation_id: int  # the officer's organisation that handles this person's data there
    person: str  # a `PersonChoice` value: "victim", "perpetrator", "child:2"
    label: str
    requests: tuple[str, ...]  # what the officer may carry out: ACCESS, ERASURE


def _roles_handled_by(side: str) -> list[str]:
    return sorted(
        {role for (what, role), sides in HANDLED_BY.items() if what in REQUESTS and side in sides}
    )


def _handled_here(organisation_ids: list[int]) -> Q:
    """Persons of the cases where the officer's organisations take part, in the roles their
    side handles there: the search never reaches anyone else's row."""
    handled = Q(pk__in=[])
    for side in Side.values:
        cases = CaseAgency.objects.filter(
            organisation_id__in=organisation_ids, side=side, status__in=TOOK_PART
        ).values("case_id")
        handled |= Q(case_id__in=cases, role__in=_roles_handled_by(side))
    return handled


def _choice(role: str, number: int) -> str:
    return f"child:{number}" if role == PersonRole.CHILD else role


def find_by_name(*, actor: Any, name: str) -> list[Found]:
    """The persons named `name` whose data the officer's organisations handle, each with the
    requests the officer may carry out, each confirmed through the officer's side-aware read
    (`officer_access`, then `Person.objects.visible_to`). Side effects: an audit row
    `person.searched`, and one `person.found` per person found (case and role, never the
    name)."""
    indexes = crypto.blind_indexes(name)
    organisation_ids = dpo_organisation_ids(actor)
    with named_scope("data-protection-officer"):
        hits = list(
            Person.objects.filter(_handled_here(organisation_ids), name_index__in=indexes)
            .order_by("case_id", "role", "number")
            .values_list("case_id", "role", "number")
        )
    cases = JointCase.objects.in_bulk({case_id for case_id, _role, _number in hits})
    found = []
    for case_id, role, number in hits:
        choice, case = _choice(role, number), cases[case_id]
        allowed, organisation_id = [], 0
        for what in REQUESTS:
            try:
                access = officer_access(actor, case, what, choice)
            except NotYourSide:
                continue
            persons = Person.objects.visible_to(access)
            if persons.filter(role=role, number=number, name_index__in=indexes).exists():
                allowed.append(what)
                organisation_id = organisation_id or access.organisation.pk
        if allowed:
            label = str(Person(role=role, number=number).label)
            found.append(Found(case.pk, case.code, organisation_id, choice, label, tuple(allowed)))
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="person.searched",
            organisation_id=organisation_ids[0] if organisation_ids else None,
            fields=["person.name_index"],
        )
        for item in found:
            audit.record(
                actor=actor,
                action="person.found",
                organisation_id=item.organisation_id,
                case_id=item.case_id,
                fields=["case_code", "person"],
            )
    return found
