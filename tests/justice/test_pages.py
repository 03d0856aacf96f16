"""The pages: who reads which order, the forms (the compartments offered, the input kept, the
stale edit refused), the case page's section, and constant queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from asap.cases import access, services
from asap.cases.enums import ProtectedKind
from asap.justice.models import CourtCondition, Proceeding, ProtectionOrder
from tests.justice.conftest import AUTHORITY, CONDITIONS, COURT, record

pytestmark = pytest.mark.django_db

OUTSIDE_THE_VICTIM_SIDE = ["pp", "police"]


def url(team, *parts) -> str:
    return "/".join([f"/cases/{team.case.pk}/justice", *map(str, parts)]) + "/"


def test_the_victim_side_reads_her_protected_order(team, signed_in_client, her_protected_order):
    for who in ("vss", "partner_contact"):  # the partner contact works with her
        client = signed_in_client(getattr(team, who))
        page = client.get(url(team, "orders", her_protected_order.pk)).content.decode()
        assert [c for c in (AUTHORITY, CONDITIONS) if c in page] == [AUTHORITY, CONDITIONS]
        assert AUTHORITY not in client.get(url(team)).content.decode()  # the list: no texts
        assert "Protected: victim side only" in client.get(url(team)).content.decode()


@pytest.mark.parametrize("who", OUTSIDE_THE_VICTIM_SIDE)
def test_the_other_sides_never_reach_her_protected_order(
    team, signed_in_client, her_protected_order, who
):
    proceeding = record(team, "vss", Proceeding, "protected", court=COURT)
    client = signed_in_client(getattr(team, who))
    assert client.get(url(team, "orders", her_protected_order.pk)).status_code == 404
    assert client.get(url(team, "orders", her_protected_order.pk, "edit")).status_code == 404
    assert client.get(url(team, "proceedings", proceeding.pk)).status_code == 404
    pages = [
        client.get(url(team)),
        client.get(f"/cases/{team.case.pk}/"),
        client.get(f"/cases/{team.case.pk}/timeline/"),
    ]
    for response in pages:
        assert response.status_code == 200
        body = response.content.decode()
        assert [c for c in (AUTHORITY, CONDITIONS, COURT) if c in body] == []
    assert f"/orders/{her_protected_order.pk}/" not in pages[0].content.decode()


def test_outsiders_are_refused(team, signed_in_client, her_protected_order):
    assert signed_in_client(team.coordinator).get(url(team)).status_code == 403
    assert signed_in_client(team.unrelated).get(url(team)).status_code == 404


def test_her_joint_order_reaches_the_programme_under_her_consent_not_the_police(
    team, signed_in_client
):
    order = record(team, "vss", ProtectionOrder, "joint", issuing_authority="Court of appeal X")
    assert signed_in_client(team.pp).get(url(team, "orders", order.pk)).status_code == 200
    # Her consent covers the programme, not other agencies.
    assert signed_in_client(team.police).get(url(team, "orders", order.pk)).status_code == 404


def test_his_joint_order_reaches_the_victim_side_and_the_police_only_under_his_waiver(
    team, signed_in_client
):
    order = record(team, "pp", ProtectionOrder, "joint", kind="restraining")
    assert signed_in_client(team.vss).get(url(team, "orders", order.pk)).status_code == 200
    police = signed_in_client(team.police)
    assert police.get(url(team, "orders", order.pk)).status_code == 404
    services.record_waiver(actor=team.pp, access=team.access("pp"), given_on=order.issued_on)
    assert police.get(url(team, "orders", order.pk)).status_code == 200


def selected_and_offered(body: str) -> tuple[str, list[str]]:
    select = re.search(r'<select name="compartment".*?</select>', body, re.S).group(0)
    offered = re.findall(r'<option value="(\w+)"', select)
    selected = re.search(r'<option value="(\w+)"[^>]*selected', select).group(1)
    return selected, offered


@pytest.mark.parametrize(
    ("who", "path", "selected", "offered"),
    [
        ("vss", "orders", "protected", ["victim", "joint", "protected"]),
        ("vss", "conditions", "joint", ["victim", "joint", "protected"]),
        ("pp", "orders", "joint", ["perpetrator", "joint"]),
        ("police", "proceedings", "joint", ["joint"]),
    ],
)
def test_the_form_offers_the_sides_compartments_with_its_default(
    team, signed_in_client, who, path, selected, offered
):
    body = signed_in_client(getattr(team, who)).get(url(team, path, "add")).content.decode()
    assert selected_and_offered(body) == (selected, offered)


def test_adding_an_order_through_the_form(team, signed_in_client):
    client = signed_in_client(team.pp)
    data = {
        "kind": "emergency_barring",
        "protects": "woman",
        "issuing_authority": "Police HQ (test)",
        "issued_on": "2026-02-01",
        "valid_from": "2026-02-01",
        "valid_until": "2026-01-15",  # before it begins: refused, the input kept
        "minimum_distance_m": "200",
        "no_contact": "on",
        "compartment": "joint",
    }
    refused = client.post(url(team, "orders", "add"), data)
    assert refused.status_code == 400
    assert "Police HQ (test)" in refused.content.decode()
    data["valid_until"] = "2026-02-15"
    response = client.post(url(team, "orders", "add"), data)
    assert response.status_code == 302
    order = ProtectionOrder.objects.visible_to(team.access("pp")).get()
    assert (order.kind, order.minimum_distance_m, order.no_contact) == (
        "emergency_barring",
        200,
        True,
    )
    assert response["Location"] == url(team, "orders", order.pk)
    # Protected is not theirs to choose: refused as an invalid choice.
    data["compartment"] = "protected"
    assert client.post(url(team, "orders", "add"), data).status_code == 400


def test_a_stale_edit_is_refused_with_the_input_kept(team, signed_in_client):
    condition = record(team, "pp", CourtCondition, "joint")
    client = signed_in_client(team.pp)
    data = {
        "ordered_by": "Tribunal (changed)",
        "ordered_on": "2026-01-03",
        "report_to": "court",
        "reporting_interval": "monthly",
        "required_sessions": "30",
        "compartment": "joint",
        "version": "1",
    }
    assert client.post(url(team, "conditions", condition.pk, "edit"), data).status_code == 302
    stale = client.post(url(team, "conditions", condition.pk, "edit"), data)
    assert stale.status_code == 409
    assert "Tribunal (changed)" in stale.content.decode()
    # The other side reads it but does not change it.
    assert (
        signed_in_client(team.vss).get(url(team, "conditions", condition.pk, "edit")).status_code
        == 403
    )


def test_her_joint_text_naming_her_address_is_refused(team, signed_in_client):
    vss_access = team.access("vss")
    woman = next(p for p in access.persons_for(vss_access) if p.role == "victim")
    services.record_protected_detail(
        actor=team.vss,
        access=vss_access,
        person=access.person_for(vss_access, woman.pk),
        kind=ProtectedKind.ADDRESS,
        value="Via Garibaldi 7, Bologna",
    )
    data = {
        "kind": "protection",
        "protects": "woman",
        "issuing_authority": "Family court (test)",
        "issued_on": "2026-02-01",
        "valid_from": "2026-02-01",
        "other_conditions": "Not within 500 m of Via Garibaldi",
        "compartment": "joint",
    }
    client = signed_in_client(team.vss)
    assert client.post(url(team, "orders", "add"), data).status_code == 400
    data["compartment"] = "protected"  # where it belongs
    assert client.post(url(team, "orders", "add"), data).status_code == 302


def count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["vss", "pp"])
def test_the_list_and_the_case_page_run_the_same_queries_with_one_and_three_of_each(
    team, signed_in_client, who
):
    client = signed_in_client(getattr(team, who))
    models = [(ProtectionOrder, "joint"), (Proceeding, "joint"), (CourtCondition, "joint")]
    for model, compartment in models:
        record(team, "pp", model, compartment)
    count(client, url(team))  # the first request of a session costs more (caches warm up)
    count(client, f"/cases/{team.case.pk}/")
    one = (count(client, url(team)), count(client, f"/cases/{team.case.pk}/"))
    for model, compartment in models * 2:
        record(team, "vss", model, compartment)
    three = (count(client, url(team)), count(client, f"/cases/{team.case.pk}/"))
    assert one == three
    body = client.get(url(team)).content.decode()
    assert len(re.findall(rf"/cases/{team.case.pk}/justice/orders/\d+/", body)) == 3
