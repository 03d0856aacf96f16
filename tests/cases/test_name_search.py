"""Finding a case by a name: each side searches the names it may read in each of its cases,
through a keyed blind index of normalised parts that holds no name in clear, is kept in
step with the name, goes with an erasure, and uses a key that is not a field key."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from asap.accounts.enums import OrganisationKind, Role
from asap.cases import access, services
from asap.cases.models import JointCase, PersonNamePart
from asap.core import crypto
from asap.core.models import AuditEvent
from asap.core.nameindex import name_digests, name_parts
from asap.core.scopes import named_scope
from tests.factories import OrganisationFactory, agreement_between, persona

pytestmark = pytest.mark.django_db

HER = "Anna-Maria Rossi"
HIM = "Marco Bianchi"
CHILD = "Željka Ćorić"
PLANTED_PARTS = ["anna", "maria", "rossi", "marco", "bianchi", "zeljka", "coric", "Željka"]


@pytest.fixture
def couple():
    """A shelter opens the case of Anna-Maria Rossi and Marco Bianchi with their child; the
    programme and the police take part; every persona of each side, and a decoy case of the
    shelter whose woman shares a part of her name."""
    vss = OrganisationFactory(name="Shelter", kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
    pp = OrganisationFactory(name="Programme", kind=OrganisationKind.PERPETRATOR_PROGRAMME)
    police = OrganisationFactory(name="Police", kind=OrganisationKind.POLICE)
    people = {
        "victim_side": persona(Role.CASE_WORKER, vss),
        "partner_contact": persona(Role.PARTNER_CONTACT, pp),
        "perpetrator_side": persona(Role.CASE_WORKER, pp),
        "child_protection_lead": persona(Role.CHILD_PROTECTION_LEAD, pp),
        "other_agency": persona(Role.CASE_WORKER, police),
        "coordinator": persona(Role.COORDINATOR, pp),
        "coordinator_vss": persona(Role.COORDINATOR, vss),
        "unrelated": persona(Role.CASE_WORKER),
    }
    worker = people["victim_side"]
    case = services.open_case(actor=worker, organisation=vss, perpetrator_name=HIM, victim_name=HER)
    vss_access = access.case_for(worker, case.pk)
    agreement_between(vss, pp, police)
    for organisation, member in [(pp, "perpetrator_side"), (police, "other_agency")]:
        services.invite_agency(actor=worker, access=vss_access, organisation=organisation)
        invitation = access.invitations_for(people[member]).get(organisation=organisation)
        services.accept_invitation(
            actor=people[member], invitation=invitation, member=people[member]
        )
    pp_access = access.case_for(people["perpetrator_side"], case.pk)
    for colleague in ["partner_contact", "child_protection_lead"]:
        services.add_member(
            actor=people["perpetrator_side"], access=pp_access, user=people[colleague]
        )
    services.add_person(actor=worker, access=vss_access, role="child", name=CHILD)
    decoy = services.open_case(
        actor=worker, organisation=vss, perpetrator_name="Luca Neri", victim_name="Maria Rossa"
    )
    return {"case": case, "decoy": decoy, "people": people, "vss": vss, "pp": pp}


def codes(body: str) -> list[str]:
    """The case codes listed in a case-list page, in order."""
    return re.findall(r'href="/cases/\d+/">([^<]+)</a>', body)


def search(client, name: str) -> list[str]:
    """Search by name as a person does (POST, then the list): the codes found."""
    response = client.post("/cases/", {"name": name})
    assert response.status_code == 302
    assert response["Location"] == "/cases/?by_name=1"
    page = client.get(response["Location"])
    assert page.status_code == 200
    return codes(page.content.decode())


def test_name_parts_are_folded_and_split():
    assert name_parts(HER) == ["anna", "maria", "rossi"]
    assert name_parts("ŽELJKA  Ćorić") == ["zeljka", "coric"]
    assert name_parts("Đurđa O'Brien-Łukasz") == ["durda", "o", "brien", "lukasz"]
    assert name_parts(" - ") == []


@pytest.mark.parametrize("who", ["victim_side", "partner_contact"])
def test_the_victim_side_finds_her_by_any_parts_of_her_name(couple, signed_in_client, who):
    client = signed_in_client(couple["people"][who])
    code = couple["case"].code
    assert search(client, "anna maria") == [code]
    assert search(client, "rossi") == [code]
    assert search(client, "ROSSI anna-maria") == [code]
    # Every part must be in one person's name: the decoy's "Maria Rossa" shares "maria"
    # (found by it, where the searcher is a member of the decoy) but not "anna" nor "rossi".
    decoys = [couple["decoy"].code] if who == "victim_side" else []
    assert sorted(search(client, "maria")) == sorted([code, *decoys])
    assert search(client, "anna rossa") == []


@pytest.mark.parametrize("who", ["perpetrator_side", "child_protection_lead", "other_agency"])
def test_the_perpetrator_side_and_other_agencies_find_nothing_by_her_name(
    couple, signed_in_client, who
):
    client = signed_in_client(couple["people"][who])
    assert search(client, "anna maria") == []
    assert search(client, "rossi") == []
    assert search(client, "zeljka") == []
    # His name is what they search by.
    assert search(client, "marco bianchi") == [couple["case"].code]
    assert search(client, "bianchi") == [couple["case"].code]


def test_the_victim_side_searches_the_womans_and_childrens_names_not_his(couple, signed_in_client):
    client = signed_in_client(couple["people"]["victim_side"])
    assert search(client, "bianchi") == []


def test_accents_and_capitals_are_folded(couple, signed_in_client):
    client = signed_in_client(couple["people"]["victim_side"])
    assert search(client, "zeljka coric") == [couple["case"].code]
    assert search(client, "ŽELJKA") == [couple["case"].code]


@pytest.mark.parametrize("who", ["coordinator", "coordinator_vss", "unrelated"])
def test_who_is_not_a_member_finds_nothing_by_a_name(couple, signed_in_client, who):
    client = signed_in_client(couple["people"][who])
    listed = codes(client.get("/cases/").content.decode())
    # A coordinator lists the case (metadata) but cannot search it by a name.
    assert (couple["case"].code in listed) == (who != "unrelated")
    for name in ["anna maria", "rossi", "bianchi", "zeljka"]:
        assert search(client, name) == []


def test_the_name_stays_out_of_the_address_the_session_and_the_audit(couple, signed_in_client):
    client = signed_in_client(couple["people"]["victim_side"])
    before = AuditEvent.objects.count()
    response = client.post("/cases/", {"name": "Anna-Maria Rossi"})
    assert "rossi" not in response["Location"].casefold()
    session = client.session
    assert session["asap_name_search"] == name_digests("anna maria rossi")
    assert "rossi" not in str(dict(session.items())).casefold()
    events = list(AuditEvent.objects.order_by("seq")[before:])
    assert [e.action for e in events] == ["case.name_search"]
    assert events[0].fields == ["name"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM core_auditevent")
        assert "rossi" not in str(cursor.fetchall()).casefold()


def test_an_empty_name_is_refused_with_a_message(couple, signed_in_client):
    client = signed_in_client(couple["people"]["victim_side"])
    response = client.post("/cases/", {"name": " - "})
    assert response.status_code == 400
    assert "Type a name" in response.content.decode()


def test_the_index_holds_no_name_in_clear(couple):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cases_personnamepart")
        rows = cursor.fetchall()
    assert len(rows) == 3 + 2 + 2 + 2 + 2  # her, him, the child, the decoy couple
    stored = str(rows).casefold()
    for part in PLANTED_PARTS:
        assert part.casefold() not in stored
    with named_scope("test"):
        digests = set(PersonNamePart.objects.values_list("digest", flat=True))
    assert set(name_digests(HER)) <= digests


def test_the_index_key_is_not_a_field_key(couple):
    field_key_digests = {crypto.blind_index(part) for part in name_parts(HER)}
    with named_scope("test"):
        digests = set(PersonNamePart.objects.values_list("digest", flat=True))
    assert not field_key_digests & digests
    before = name_digests(HER)
    with override_settings(ASAP_FIELD_KEYS=[crypto.generate_key()]):
        assert name_digests(HER) == before
    with override_settings(ASAP_NAME_INDEX_KEY="another-name-index-key-of-32-characters!"):
        assert not set(name_digests(HER)) & set(before)


def test_a_changed_name_replaces_its_parts(couple, signed_in_client):
    worker = couple["people"]["victim_side"]
    vss_access = access.case_for(worker, couple["case"].pk)
    woman = access.person_for(
        vss_access, next(p.pk for p in access.persons_for(vss_access) if p.role == "victim")
    )
    services.update_person(
        actor=worker,
        access=vss_access,
        person=woman,
        expected_version=woman.version,
        name="Bianca Verdi",
        year_of_birth=None,
        gender="",
    )
    client = signed_in_client(worker)
    assert search(client, "rossi") == []
    assert search(client, "verdi bianca") == [couple["case"].code]


def test_erasing_her_removes_her_index_rows(couple, signed_in_client):
    from asap.dataprotection.services.erasure import erase_person
    from asap.dataprotection.sides import ERASURE, officer_access

    case = couple["case"]
    officer = persona(Role.DATA_PROTECTION_OFFICER, couple["vss"])
    with named_scope("test"):
        assert PersonNamePart.objects.filter(case=case, role="victim").count() == 3
    erase_person(
        actor=officer,
        access=officer_access(officer, case, ERASURE, "victim"),
        person="victim",
        reference="R-1",
    )
    with named_scope("test"):
        assert PersonNamePart.objects.filter(case=case, role="victim").count() == 0
        assert PersonNamePart.objects.filter(case=case, role="perpetrator").count() == 2
    client = signed_in_client(couple["people"]["victim_side"])
    assert search(client, "anna maria") == []


def test_after_erasing_her_a_childs_name_no_longer_finds_the_case_by_her_surname(
    couple, signed_in_client
):
    from asap.dataprotection.services.erasure import erase_person
    from asap.dataprotection.sides import ERASURE, officer_access

    case, worker = couple["case"], couple["people"]["victim_side"]
    services.add_person(
        actor=worker, access=access.case_for(worker, case.pk), role="child", name="Luca Rossi"
    )
    client = signed_in_client(worker)
    assert search(client, "luca rossi") == [case.code]
    officer = persona(Role.DATA_PROTECTION_OFFICER, couple["vss"])
    erase_person(
        actor=officer,
        access=officer_access(officer, case, ERASURE, "victim"),
        person="victim",
        reference="R-2",
    )
    assert search(client, "rossi") == []
    assert search(client, "luca") == [case.code]
    assert search(client, "erased") == []


def test_retention_removes_the_index_rows_of_an_anonymised_case(couple):
    from asap.dataprotection.services.retention import _anonymise_people

    _anonymise_people(couple["case"])
    with named_scope("test"):
        assert not PersonNamePart.objects.filter(case=couple["case"]).exists()
        assert PersonNamePart.objects.filter(case=couple["decoy"]).count() == 4


def test_keys_reindex_rebuilds_the_parts_under_a_new_key(couple, signed_in_client, capsys):
    client = signed_in_client(couple["people"]["victim_side"])
    with override_settings(ASAP_NAME_INDEX_KEY="a-new-name-index-key-of-32-characters!!"):
        assert search(client, "anna maria") == []  # until the parts are made again
        call_command("keys", "reindex")
        assert "11 made again" in capsys.readouterr().out
        assert search(client, "anna maria") == [couple["case"].code]
    assert AuditEvent.objects.filter(action="keys.reindex_names").count() == 1


def test_a_name_search_costs_the_same_queries_for_one_and_three_cases(couple, signed_in_client):
    worker = couple["people"]["victim_side"]
    client = signed_in_client(worker)
    client.post("/cases/", {"name": "rossi"})

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            body = client.get("/cases/?by_name=1").content.decode()
        return len(queries), len(codes(body))

    count()  # the first page after signing in does the session's one-off work
    one, found_one = count()
    for _n in range(2):
        services.open_case(
            actor=worker, organisation=couple["vss"], perpetrator_name="X", victim_name=HER
        )
    three, found_three = count()
    assert (found_one, found_three) == (1, 3)
    assert one == three


def test_the_name_search_is_paginated_and_combines_with_the_filters(couple, signed_in_client):
    worker = couple["people"]["victim_side"]
    for _n in range(26):
        services.open_case(
            actor=worker, organisation=couple["vss"], perpetrator_name="X", victim_name=HER
        )
    client = signed_in_client(worker)
    assert len(search(client, "rossi")) == 25
    second = codes(client.get("/cases/?by_name=1&page=2").content.decode())
    assert len(second) == 2
    phase = codes(client.get("/cases/?by_name=1&phase=assessment").content.decode())
    assert phase == []
    assert JointCase.objects.count() == 28


def test_the_bench_seed_writes_every_persons_name_parts():
    from asap.bench import seed
    from asap.cases.models import Person

    seed.seed(5)
    with named_scope("test"):
        expected = sorted(
            (p.case_id, p.pk, p.role, d) for p in Person.objects.all() for d in name_digests(p.name)
        )
        stored = sorted(
            PersonNamePart.objects.values_list("case_id", "person_id", "role", "digest")
        )
    assert stored == expected
    assert len(stored) >= 2 * 5 * 2


def test_the_data_migration_builds_the_parts_of_persons_recorded_before(couple):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("asap.cases.migrations.0008_index_name_parts")
    with named_scope("test"):
        PersonNamePart.objects.all().delete()
    migration.index_name_parts(apps, None)
    with named_scope("test"):
        assert PersonNamePart.objects.count() == 11
        stored = set(PersonNamePart.objects.values_list("role", "digest"))
    assert {("victim", d) for d in name_digests(HER)} <= stored
    assert {("child", d) for d in name_digests(CHILD)} <= stored
