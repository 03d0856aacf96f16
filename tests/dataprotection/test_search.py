"""An officer finds a data subject by name (an exact match on the blind index), but only a
person whose data their organisation handles: the programme's officer never finds the woman
or a child, and cannot tell her name from a name that exists nowhere."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asap.accounts.enums import OrganisationKind, Role
from asap.core.models import AuditEvent
from tests.conftest import reauthenticate, sign_in
from tests.factories import OrganisationFactory, persona

pytestmark = pytest.mark.django_db

HIS_NAME = "Mario Esposito (world)"
NOBODY = "CANARYNOBODY7f3a"  # the shape of her planted name, held by no one
FIND = reverse("dataprotection:find")
ERASURE = reverse("dataprotection:erasure")
SUBJECT_ACCESS = reverse("dataprotection:subject_access")


def officer(world, who):
    client = world.client(who)
    reauthenticate(client)
    return client


def search(client, name):
    return client.post(FIND, {"name": name})


def rows(response) -> list[list[str]]:
    """The result table as (case, person) pairs."""
    body = response.content.decode()
    return re.findall(r"<tr><td[^>]*>([^<]+)</td><td>([^<]+)</td>", body)


def masked(response, name) -> str:
    """The page with what legitimately differs between two searches taken out: the name
    typed (echoed in the field) and the form's CSRF token."""
    body = response.content.decode().replace(name, "NAME")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", body)


def test_the_centres_officer_finds_the_woman_and_the_child_by_name(world):
    client = officer(world, "dpo")
    code = world.case.code
    woman = search(client, world.canaries["victim_name"])
    assert woman.status_code == 200
    assert rows(woman) == [(code, "The woman")]
    assert woman["Cache-Control"] == "no-store"
    body = woman.content.decode()
    assert f"?case_code={code}&amp;person=victim" in body  # to the request forms, prefilled
    # Capitals and extra spaces do not matter; a part of the name finds nothing.
    spaced = f"  {world.canaries['victim_name'].lower()} "
    assert rows(search(client, spaced)) == [(code, "The woman")]
    assert rows(search(client, world.canaries["victim_name"][:-2])) == []
    assert rows(search(client, world.canaries["child_name"])) == [(code, "Child 1")]


def test_the_man_is_found_by_the_programmes_officer_and_the_police_not_by_the_centre(world):
    code = world.case.code
    programme = search(officer(world, "dpo_pp"), HIS_NAME)
    assert rows(programme) == [(code, "The man")]
    assert f"{ERASURE}?case_code={code}&amp;person=perpetrator" in programme.content.decode()
    police = search(officer(world, "dpo_agency"), HIS_NAME)
    assert rows(police) == [(code, "The man")]
    assert f"{ERASURE}?case_code" not in police.content.decode()  # subject access only
    assert f"{SUBJECT_ACCESS}?case_code={code}" in police.content.decode()
    assert rows(search(officer(world, "dpo"), HIS_NAME)) == []


@pytest.mark.parametrize("who", ["dpo_pp", "dpo_agency"])
def test_another_sides_officer_gets_no_hit_and_no_sign_of_her(world, who):
    client = officer(world, who)
    her_name = world.canaries["victim_name"]
    # Planted: the centre's officer finds her under this very name.
    assert rows(search(officer(world, "dpo"), her_name)) == [(world.case.code, "The woman")]
    client.get(FIND)  # the sign-in message is shown once, here
    before = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as hers:
        her = search(client, her_name)
    her_audit = list(
        AuditEvent.objects.filter(seq__gt=before).values_list("action", "case_id", "fields")
    )
    before = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as nobodys:
        nobody = search(client, NOBODY)
    nobody_audit = list(
        AuditEvent.objects.filter(seq__gt=before).values_list("action", "case_id", "fields")
    )
    assert rows(her) == []
    assert "No data subject of your organisation has this name." in her.content.decode()
    assert masked(her, her_name) == masked(nobody, NOBODY)
    assert len(hers) == len(nobodys)
    assert her_audit == nobody_audit == [("person.searched", None, ["person.name_index"])]
    assert rows(search(client, world.canaries["child_name"])) == []


def test_an_officer_of_an_organisation_outside_the_case_finds_nobody(world):
    elsewhere = OrganisationFactory(
        name="Another centre", kind=OrganisationKind.VICTIM_SUPPORT_SERVICE
    )
    client = world.client("dpo")  # any client; sign the outsider in on a fresh one
    client.logout()
    sign_in(client, persona(Role.DATA_PROTECTION_OFFICER, elsewhere))
    reauthenticate(client)
    assert rows(search(client, world.canaries["victim_name"])) == []


def test_a_search_is_audited_without_the_name(world):
    client = officer(world, "dpo")
    before = AuditEvent.objects.count()
    search(client, world.canaries["victim_name"])
    events = AuditEvent.objects.filter(seq__gt=before).order_by("seq")
    assert [(e.action, e.case_id, e.fields) for e in events] == [
        ("person.searched", None, ["person.name_index"]),
        ("person.found", world.case.pk, ["case_code", "person"]),
    ]
    stored = repr([list(AuditEvent.objects.filter(seq__gt=before).values())])
    assert world.canaries["victim_name"] not in stored
    assert world.canaries["victim_name"].lower() not in stored


def test_only_officers_search_and_a_stale_session_re_authenticates(world):
    worker = world.client("victim_side")
    assert search(worker, world.canaries["victim_name"]).status_code == 403
    stale = world.client("dpo")
    response = search(stale, world.canaries["victim_name"])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
