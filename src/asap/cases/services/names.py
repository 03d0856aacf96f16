"""The name parts of persons kept in step with their names (`asap.core.nameindex`).

Every write of a name calls one of these in the same transaction: `index_names` for new
persons (one insert for all their parts), `reindex_name` after a change of name (the
person's rows replaced, read through the policy of the member who changed it). Erasure,
retention and `asap keys reindex` delete or rebuild rows inside their own named scopes.
"""

from collections.abc import Iterable
from typing import Any

from asap.cases.models import Person, PersonNamePart
from asap.core.nameindex import name_digests, searchable


def name_part_rows(persons: Iterable[Person]) -> list[PersonNamePart]:
    """Unsaved rows for the parts of each person's name (persons already saved)."""
    return [
        PersonNamePart(case_id=person.case_id, person_id=person.pk, role=person.role, digest=d)
        for person in persons
        for d in name_digests(searchable(person.name or ""))
    ]


def index_names(persons: Iterable[Person]) -> None:
    """Write the name parts of persons that have none yet (just created): one insert."""
    rows = name_part_rows(persons)
    if rows:
        PersonNamePart.objects.bulk_create(rows)


def reindex_name(*, access: Any, person: Person) -> None:
    """Replace the name parts of `person` after its name changed. `access` is the member
    who changed it, who reads the name (`access.person_for`), and so its parts."""
    PersonNamePart.objects.visible_to(access).filter(person=person).delete()
    index_names([person])
