"""Evaluation figures through the API: the dashboards' figures, read from the kept figures, with
the dashboards' rule (an organisation's own exact counts; a network's five-case rule, a small
figure and the totals that would give it away suppressed), for coordinators only."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from asap.accounts.enums import Role
from asap.cases.enums import CaseStatus, Phase
from asap.core.models import AuditEvent
from asap.evaluation import services
from asap.evaluation.models import DashboardFigures
from asap.evaluation.period import Period
from tests.api.conftest import api_client, issue
from tests.api.crawl_evaluation import operations
from tests.conftest import sign_in
from tests.evaluation.builders import full_case
from tests.evaluation.conftest import cells
from tests.factories import OrganisationFactory, persona

pytestmark = pytest.mark.django_db

FIGURES = "/api/v1/evaluation/figures"
NOTHING = "Nothing recorded yet."
PHASES = [*Phase, None]


@pytest.fixture
def agency():
    return OrganisationFactory(name="Agency under evaluation (API)")


@pytest.fixture
def coordinator(agency):
    return persona(Role.COORDINATOR, agency)


@pytest.fixture
def client(agency, coordinator):
    token, secret = issue(agency, Role.COORDINATOR, actor=coordinator, name="Statistics office")
    client = api_client(secret)
    client.token = token
    return client


@pytest.fixture
def network(agency, coordinator):
    """A network of the agency alone: its figures follow the five-case rule."""
    return services.create_network(
        actor=coordinator, organisation=agency, name="Pooled (API)", description="", members=[]
    )


def network_figures(network) -> str:
    return f"/api/v1/evaluation/networks/{network.pk}/figures"


def cell(body: dict, key: str, row: int, column: int) -> dict:
    figure = next(f for f in body["figures"] if f["key"] == key)
    return figure["rows"][row]["cells"][column]


def displays(body: dict) -> list[str]:
    return [c["display"] for f in body["figures"] for r in f["rows"] for c in r["cells"]]


def page_displays(person, url: str) -> list[str]:
    browser = Client()
    sign_in(browser, person)
    response = browser.get(url)
    assert response.status_code == 200
    return [html.unescape(c) for c in cells(response.content.decode())]


def test_the_own_figures_are_the_dashboards(agency, coordinator, client):
    for _ in range(5):
        full_case(agency)
    closed = full_case(agency)
    closed.status = CaseStatus.CLOSED
    closed.save(update_fields=["status"])
    response = client.get(FIGURES)
    assert response.status_code == 200
    body = response.json()
    assert body["scope"] == "organisation"
    assert body["suppresses"] is False
    period = Period.current_year()
    assert (body["start"], body["end"]) == (period.start.isoformat(), period.end.isoformat())
    assert body["as_of"] is not None  # the current year's figures are read as kept
    intervention = PHASES.index(Phase.INTERVENTION)
    # Exact counts, as the coordinator's dashboard shows them: the one closed case too.
    assert cell(body, "cases_by_phase", intervention, 0)["value"] == 5
    assert cell(body, "cases_by_phase", intervention, 1) == {
        "value": 1,
        "suppressed": False,
        "percent": False,
        "display": "1",
    }
    shown = [d for d in page_displays(coordinator, reverse("evaluation:dashboard")) if d != NOTHING]
    assert displays(body) == shown


def test_a_small_figure_planted_in_the_kept_figures_is_suppressed_in_the_api_too(
    agency, coordinator, client, network
):
    """The figures are read as kept; a network's count below five is "<5" with no value (and
    so is the total that adds it up), exactly as on the network's dashboard; the
    organisation's own dashboard shows the same planted count exactly, and so does the API."""
    for _ in range(5):
        full_case(agency)
    period = Period.current_year()
    services.refresh_figures(period, network=network)
    services.refresh_figures(period, organisation=agency)
    planted = [["intervention", "open", 7], ["follow_up", "open", 3]]
    for kept in DashboardFigures.objects.filter(start=period.start, end=period.end):
        kept.counts = {**kept.counts, "cases_by_phase": planted}
        kept.save(update_fields=["counts"])
    intervention, follow_up = PHASES.index(Phase.INTERVENTION), PHASES.index(Phase.FOLLOW_UP)
    every_phase = len(PHASES) - 1

    body = client.get(network_figures(network)).json()
    assert body["scope"] == "network"
    assert body["suppresses"] is True
    assert body["members"] == [{"organisation": agency.name, "opted_in": True}]
    assert cell(body, "cases_by_phase", intervention, 0)["value"] == 7  # read as kept
    small = cell(body, "cases_by_phase", follow_up, 0)
    assert small == {"value": None, "suppressed": True, "percent": False, "display": "<5"}
    # The total of the open cases (7 + 3) would give the 3 away: hidden too.
    assert cell(body, "cases_by_phase", every_phase, 0)["suppressed"] is True
    assert cell(body, "cases_by_phase", every_phase, 0)["value"] is None
    members = [agency.name, "Yes, pooled"]
    page = reverse("evaluation:network", args=[network.pk])
    shown = [d for d in page_displays(coordinator, page) if d not in [NOTHING, *members]]
    assert displays(body) == shown

    own = client.get(FIGURES).json()
    assert cell(own, "cases_by_phase", follow_up, 0)["value"] == 3
    assert cell(own, "cases_by_phase", every_phase, 0)["value"] == 10


def test_a_network_over_four_cases_shows_no_figure(agency, client, network):
    for _ in range(4):
        full_case(agency)
    body = client.get(network_figures(network)).json()
    every = [c for f in body["figures"] for r in f["rows"] for c in r["cells"]]
    assert len(every) > 30
    assert {c["display"] for c in every} == {"<5"}
    assert {c["value"] for c in every} == {None}


def test_only_coordinators_read_figures_and_no_canary_reaches_any_token(api_world):
    world = api_world.world
    ops = operations(world)
    paths = {
        "evaluation_figures": FIGURES,
        "evaluation_network_list": "/api/v1/evaluation/networks",
        "evaluation_network_figures": "/api/v1/evaluation/networks/{network_id}/figures",
    }
    assert set(ops) == set(paths)
    for who in api_world.secrets:
        client = api_world.client(who)
        for name, op in ops.items():
            response = client.get(paths[name].format(**op["path"]))
            body = response.content.decode()
            assert not any(c in body for c in world.canaries.values()), (who, name)
            if api_world.tokens[who].role != Role.COORDINATOR:
                assert response.status_code == 403, (who, name)
            elif name == "evaluation_network_figures" and who == "coordinator_agency":
                assert response.status_code == 404  # the police are not in the network
            else:
                assert response.status_code == 200, (who, name)
    networks = api_world.client("coordinator_agency").get(paths["evaluation_network_list"])
    assert networks.json()["items"] == []
    networks = api_world.client("coordinator").get(paths["evaluation_network_list"]).json()
    assert [n["id"] for n in networks["items"]] == [world.ids["evaluation_network"]]


def test_a_coordinator_of_an_organisation_outside_the_network_gets_404(network):
    outsider = OrganisationFactory(name="Outside the network")
    persona(Role.COORDINATOR, outsider)
    _token, secret = issue(outsider, Role.COORDINATOR)
    assert api_client(secret).get(network_figures(network)).status_code == 404


def test_each_read_leaves_the_dashboards_audit_row(agency, client, network):
    client.get(FIGURES)
    client.get(network_figures(network))
    rows = AuditEvent.objects.filter(action__startswith="evaluation.").exclude(
        action="evaluation.network_create"
    )
    assert sorted(rows.values_list("action", "actor_id", "object_id")) == [
        ("evaluation.dashboard", client.token.user_id, str(agency.pk)),
        ("evaluation.network", client.token.user_id, str(network.pk)),
    ]


def test_a_bad_period_gets_422_naming_the_field(client):
    response = client.get(FIGURES, {"start": "2026-06-01", "end": "2026-01-01"})
    assert response.status_code == 422
    assert list(response.json()["detail"]) == ["end"]
    response = client.get(FIGURES, {"start": "1999-01-01", "end": "2000-01-01"})
    assert list(response.json()["detail"]) == ["start"]
    response = client.get(FIGURES, {"start": "not a date"})
    assert response.status_code == 422
    assert "start" in response.content.decode()
    response = client.get(FIGURES, {"start": "2025-01-01", "end": "2025-12-31"})
    assert response.status_code == 200
    assert response.json()["as_of"] is None  # another period than the current year: counted now
