"""Erasure of one person on request: the values leave the database file, the trail says
THAT it happened and still verifies."""

import pytest
from django.db import connection
from django.urls import reverse

from asap.cases import access, services
from asap.cases.enums import Compartment
from asap.cases.models import Person, ProtectedDetail, TimelineEntry
from asap.core import audit, datakeys
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from asap.dataprotection.models import SubjectRequest

pytestmark = pytest.mark.django_db

WOMAN_CANARIES = [
    "victim_name",
    "address",
    "shelter",
    "phone",
    "email",
    "safe_channel",
    "new_account",
    "workplace",
    "protected_note",
]


def stored(table: str, column: str, pk: int) -> str:
    """The raw column value as the database holds it (a Fernet token)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def database_bytes() -> bytes:
    """On SQLite, every page of the database, free pages included: what a copy of the file
    holds. On PostgreSQL, the contents of every table (old row versions wait for VACUUM,
    see docs/data-protection.md)."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return connection.connection.serialize()
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            dump.append(repr(cursor.fetchall()))
    return "\n".join(dump).encode()


def erase(client, world, person="victim", reference="REQ-2026-7"):
    return client.post(
        reverse("dataprotection:erasure"),
        {
            "case_code": world.case.code,
            "person": person,
            "reference": reference,
            "confirm": "on",
        },
    )


def test_the_womans_values_leave_the_database_file_and_the_chain_verifies(world, dpo_client):
    """Her side's key goes (crypto-shredding): what the victim side recorded stays in the
    file as tokens nothing can open; what the programme wrote about her is rewritten."""
    with named_scope("test"):
        woman = Person.objects.get(case=world.case, role="victim")
        woman.name = "Matilde Quokkina"
        woman.save()
        address = ProtectedDetail.objects.get(person=woman, kind="address")
        address.value = "Quokkastrasse 77, 10115 Berlin"
        address.save()
        details = list(ProtectedDetail.objects.filter(person=woman).values_list("pk", flat=True))
    name, first, street = "Matilde Quokkina", "Matilde", "77 Quokkastrasse"
    vss, pp = world.people["victim_side"], world.people["perpetrator_side"]
    victim_note = services.add_note(
        actor=vss,
        access=access.case_for(vss, world.case.pk),
        title="Call",
        body=f"Spoke to {name} at noon",
        compartment=Compartment.JOINT,
    )
    # The programme's own note mentions her with a double space, by first name alone, and
    # her street without the house number: the second pass finds each.
    his_note = services.add_note(
        actor=pp,
        access=access.case_for(pp, world.case.pk),
        title="Group",
        body=f"He named {name.replace(' ', '  ')}; later {first}; moved to {street}.",
        compartment=Compartment.PERPETRATOR,
    )
    sealed = [stored("cases_person", "name", woman.pk)]
    sealed += [stored("cases_protecteddetail", "value", pk) for pk in details]
    sealed.append(stored("cases_timelineentry", "body", victim_note.pk))
    sealed.append(stored("cases_timelineentry", "body", world.notes["protected"].pk))
    his_token = stored("cases_timelineentry", "body", his_note.pk)
    wrapped = [
        stored("core_datakey", "wrapped", pk)
        for pk in {datakeys.key_id_of(token) for token in sealed}
    ]
    before = database_bytes()
    assert name.encode() not in before  # encrypted at rest
    assert b"Quokka" not in before
    assert all(value.encode() in before for value in [*sealed, his_token, *wrapped])  # control
    assert [datakeys.unseal(token) for token in sealed[-2:]] == [
        f"Spoke to {name} at noon",
        world.canaries["protected_note"],
    ]

    response = erase(dpo_client, world)

    assert response.status_code == 302
    after = database_bytes()
    assert [w for w in wrapped if w.encode() in after] == []  # the keys left the file
    datakeys.clear_cache()
    assert {datakeys.unseal(token) for token in sealed} == {"[erased]"}
    assert his_token.encode() not in after
    for canary in WOMAN_CANARIES:
        assert world.canaries[canary].encode() not in after
    assert audit.verify().ok
    with named_scope("test"):
        assert TimelineEntry.objects.get(pk=his_note.pk).body == (
            "He named [erased]; later [erased]; moved to [erased]."
        )
        assert TimelineEntry.objects.get(pk=victim_note.pk).body == "[erased]"
    assert stored("cases_timelineentry", "body", his_note.pk).startswith("k2$")  # his key


def test_erasure_keeps_the_others_and_is_audited_without_values(world, dpo_client):
    with named_scope("test"):
        child = Person.objects.get(case=world.case, role="child")
    before = AuditEvent.objects.count()

    erase(dpo_client, world, reference="REQ-42")

    with named_scope("test"):
        woman = Person.objects.get(case=world.case, role="victim")
        assert (woman.name, woman.year_of_birth, woman.gender) == ("", None, "")
        assert woman.name_index == ""  # no way left to confirm a guessed name
        assert not ProtectedDetail.objects.filter(person=woman).exists()
        assert Person.objects.get(pk=child.pk).name == world.canaries["child_name"]
        assert ProtectedDetail.objects.filter(person=child).count() == 1  # her school stays
        protected = TimelineEntry.objects.get(pk=world.notes["protected"].pk)
        joint = TimelineEntry.objects.get(pk=world.notes["joint"].pk)
    assert protected.body == "[erased]"
    assert joint.body == "[erased]"  # the victim side wrote it: her side's key went
    with named_scope("test"):
        his = TimelineEntry.objects.get(pk=world.notes["perpetrator"].pk)
    assert his.body == "PERPETRATOR-NOTE-BODY-33ab"
    request = SubjectRequest.objects.get()
    assert (request.kind, request.case_code, request.person, request.reference) == (
        "erasure",
        world.case.code,
        "victim",
        "REQ-42",
    )
    event = AuditEvent.objects.get(action="person.erased")
    assert (event.case_id, event.object_id, event.actor) == (
        world.case.pk,
        str(request.pk),
        world.people["dpo"],
    )
    assert "person.name" in event.fields
    assert {"key.victim", "key.person:victim:1"} <= set(event.fields)  # what was destroyed
    assert AuditEvent.objects.count() > before
    # No audit row, anywhere in the trail, holds a value of what was erased.
    rows = " ".join(str(list(e.__dict__.values())) for e in AuditEvent.objects.all())
    assert [name for name, value in world.canaries.items() if value in rows] == []
    assert audit.verify().ok


def test_a_child_is_erased_by_number_and_the_mother_is_kept(world, dpo_client):
    response = erase(dpo_client, world, person="child:1")
    assert response.status_code == 302
    with named_scope("test"):
        child = Person.objects.get(case=world.case, role="child")
        assert child.name == ""
        assert not ProtectedDetail.objects.filter(person=child).exists()
        woman = Person.objects.get(case=world.case, role="victim")
    assert woman.name == world.canaries["victim_name"]


def test_an_unknown_person_or_case_is_refused_and_nothing_is_erased(world, dpo_client):
    response = erase(dpo_client, world, person="child:2")
    assert response.status_code == 400
    assert "This case has no such person." in response.content.decode()
    response = dpo_client.post(
        reverse("dataprotection:erasure"),
        {"case_code": "JC-XXXX-XXXX", "person": "victim", "reference": "R", "confirm": "on"},
    )
    assert response.status_code == 404  # like any stranger to the case
    assert "No case of your organisation has this code." in response.content.decode()
    assert not SubjectRequest.objects.exists()
    with named_scope("test"):
        woman = Person.objects.get(case=world.case, role="victim")
    assert woman.name == world.canaries["victim_name"]


def test_an_officer_of_another_organisation_cannot_erase(world, signed_in_client):
    from asap.accounts.enums import Role
    from tests.factories import persona

    other = signed_in_client(persona(Role.DATA_PROTECTION_OFFICER))
    response = erase(other, world)
    assert response.status_code == 404
    with named_scope("test"):
        woman = Person.objects.get(case=world.case, role="victim")
    assert woman.name == world.canaries["victim_name"]


def test_a_stale_edit_form_cannot_save_the_erased_name_back(world, dpo_client):
    from asap.core.versioning import ConcurrentEditError

    with named_scope("test"):
        woman = Person.objects.get(case=world.case, role="victim")
    opened_with = woman.version  # an edit form opened before the erasure

    erase(dpo_client, world)

    vss = world.people["victim_side"]
    with pytest.raises(ConcurrentEditError):
        services.update_person(
            actor=vss,
            access=access.case_for(vss, world.case.pk, access.VICTIM_SIDE),
            person=woman,
            expected_version=opened_with,
            name=world.canaries["victim_name"],
            year_of_birth=None,
            gender="",
        )
    with named_scope("test"):
        assert Person.objects.get(pk=woman.pk).name == ""


def test_the_womans_name_goes_from_a_childs_support_person(world, dpo_client):
    from asap.cases.models import ChildAssessmentPreparation

    with named_scope("test"):
        child = Person.objects.get(case=world.case, role="child")
    preparation = ChildAssessmentPreparation.objects.create(
        case=world.case, child=child, support_person=f"{world.canaries['victim_name']} (mother)"
    )

    erase(dpo_client, world)

    with named_scope("test"):
        preparation.refresh_from_db()
    # The victim side recorded the preparation: her side's key went, and with it the text.
    assert preparation.support_person == "[erased]"
    request = SubjectRequest.objects.get()
    assert "key.victim" in request.fields


def test_erasing_the_man_destroys_his_sides_key_and_keeps_hers(world):
    """The programme's officer erases the man: what the perpetrator side recorded is beyond
    use; what the victim side recorded stays readable."""
    from tests.conftest import reauthenticate

    client = world.client("dpo_pp")
    reauthenticate(client)
    response = erase(client, world, person="perpetrator", reference="REQ-HIS")

    assert response.status_code == 302
    with named_scope("test"):
        his = TimelineEntry.objects.get(pk=world.notes["perpetrator"].pk)
        hers = TimelineEntry.objects.get(pk=world.notes["victim"].pk)
    assert his.body == "[erased]"
    assert hers.body == "VICTIM-NOTE-BODY-91c2"
    request = SubjectRequest.objects.get()
    assert {"key.perpetrator", "key.person:perpetrator:1"} <= set(request.fields)
    assert "key.victim" not in request.fields
