"""Networks: only members' coordinators read them, and only opted-in members' cases count."""

import pytest
from django.test import Client
from django.urls import reverse

from asap.accounts.enums import Role
from asap.cases.models import JointCase
from asap.evaluation.models import Network, NetworkMember
from tests.conftest import sign_in
from tests.evaluation.builders import full_case
from tests.evaluation.conftest import csv_values, xlsx_values
from tests.factories import OrganisationFactory, persona

pytestmark = pytest.mark.django_db
SECRETS = {
    "name": "CANARY-NETWORK-WOMAN-41aa",
    "child": "CANARY-NETWORK-CHILD-41ab",
    "address": "CANARY-NETWORK-ADDRESS-41ac",
    "note": "CANARY-NETWORK-NOTE-41ad",
}


def client_for(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


@pytest.fixture
def two_agencies():
    first, second = OrganisationFactory(name="First agency"), OrganisationFactory(name="Second")
    return (
        first,
        second,
        client_for(persona(Role.COORDINATOR, first)),
        client_for(persona(Role.COORDINATOR, second)),
    )


def create_network(client, second) -> Network:
    response = client.post(
        reverse("evaluation:network_create"),
        {"name": "Regional network", "description": "Pooled figures", "members": [second.pk]},
    )
    assert response.status_code == 302
    return Network.objects.get(name="Regional network")


def total_cases(client, network) -> str:
    """The open cases in the programme phase (every case `full_case` makes); the totals are
    hidden, as the other phases hold fewer than five cases."""
    rows = csv_values(client.get(reverse("evaluation:network_csv", args=[network.pk])))
    by_cell = {(r[0], r[1], r[2]): r[3] for r in rows}
    return by_cell["Cases by phase", "Programme and support", "Open"]


def test_an_organisation_that_has_not_opted_in_contributes_nothing(two_agencies):
    first, second, first_client, second_client = two_agencies
    for _ in range(5):
        full_case(first)
        full_case(second)
    network = create_network(first_client, second)
    assert NetworkMember.objects.get(network=network, organisation=second).opted_in is False
    assert total_cases(first_client, network) == "5"
    assert total_cases(second_client, network) == "5"
    response = second_client.post(
        reverse("evaluation:network_opt_in", args=[network.pk]), {"pool": "yes"}
    )
    assert response.status_code == 302
    assert total_cases(first_client, network) == "10"
    first_client.post(reverse("evaluation:network_opt_in", args=[network.pk]), {"pool": "no"})
    assert total_cases(second_client, network) == "5"


def test_an_empty_opt_in_form_changes_nothing(two_agencies):
    _first, second, first_client, second_client = two_agencies
    network = create_network(first_client, second)
    response = second_client.post(reverse("evaluation:network_opt_in", args=[network.pk]), {})
    assert response.status_code == 400
    assert NetworkMember.objects.get(network=network, organisation=second).opted_in is False


def test_a_coordinator_of_a_non_member_organisation_gets_404(two_agencies):
    first, second, first_client, _second_client = two_agencies
    network = create_network(first_client, second)
    for _ in range(5):
        full_case(first)
    outsider = client_for(persona(Role.COORDINATOR, OrganisationFactory(name="Outside")))
    for name in ["network", "network_csv", "network_xlsx", "network_opt_in", "network_members"]:
        url = reverse(f"evaluation:{name}", args=[network.pk])
        assert first_client.get(url).status_code == 200
        assert outsider.get(url).status_code == 404
    assert (
        outsider.post(
            reverse("evaluation:network_opt_in", args=[network.pk]), {"pool": "yes"}
        ).status_code
        == 404
    )
    page = outsider.get(reverse("evaluation:networks")).content.decode()
    assert "Regional network" not in page


def test_a_case_worker_reads_no_dashboard(two_agencies):
    first, _second, _c1, _c2 = two_agencies
    worker = client_for(persona(Role.CASE_WORKER, first))
    names = ["dashboard", "dashboard_csv", "dashboard_xlsx", "report_xlsx", "report_pdf"]
    for name in [*names, "networks", "stakeholders"]:
        assert worker.get(reverse(f"evaluation:{name}")).status_code in {403, 404}


def test_network_figures_carry_no_name_code_or_protected_value(two_agencies):
    first, second, first_client, _second_client = two_agencies
    cases = [full_case(first, secrets=SECRETS) for _ in range(6)]
    network = create_network(first_client, second)
    codes = [case.code for case in JointCase.objects.filter(pk__in=[c.pk for c in cases])]
    page = first_client.get(reverse("evaluation:network", args=[network.pk])).content.decode()
    csv_text = "\n".join(
        ",".join(r)
        for r in csv_values(first_client.get(reverse("evaluation:network_csv", args=[network.pk])))
    )
    xlsx_text = "\n".join(
        ",".join(str(v) for v in r)
        for r in xlsx_values(
            first_client.get(reverse("evaluation:network_xlsx", args=[network.pk]))
        )
    )
    assert "6" in csv_text  # the figures are there: six cases
    for text in [page, csv_text, xlsx_text]:
        assert [s for s in [*SECRETS.values(), *codes] if s in text] == []


def test_adding_members_keeps_them_out_until_they_opt_in(two_agencies):
    _first, second, first_client, _c2 = two_agencies
    network = create_network(first_client, second)
    third = OrganisationFactory(name="Third agency")
    response = first_client.post(
        reverse("evaluation:network_members", args=[network.pk]), {"members": [third.pk]}
    )
    assert response.status_code == 302
    assert NetworkMember.objects.get(network=network, organisation=third).opted_in is False
    response = first_client.post(reverse("evaluation:network_members", args=[network.pk]), {})
    assert response.status_code == 400


def test_a_network_form_with_a_taken_name_keeps_the_input(two_agencies):
    _first, second, first_client, _c2 = two_agencies
    create_network(first_client, second)
    response = first_client.post(
        reverse("evaluation:network_create"),
        {"name": "regional NETWORK", "description": "Kept description"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "already exists" in body
    assert "Kept description" in body
