"""The five-case rule, on a network's page and in both its exports (figures that cross
organisations), and the figures it lets through."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asap.cases.enums import CaseStatus
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from asap.evaluation import services
from asap.evaluation.models import OutcomeScore
from asap.evaluation.period import Period
from asap.evaluation.suppression import MIN_CASES, cell, count, hide_totals, rate
from tests.evaluation.builders import full_case, organisation_questionnaire
from tests.evaluation.conftest import cells, csv_values, xlsx_values

pytestmark = pytest.mark.django_db
NOTHING = "Nothing recorded yet."


def test_the_rule_is_five_cases():
    assert MIN_CASES == 5
    assert cell(3.5, 4).suppressed
    assert cell(3.5, 4).display == "<5"
    assert cell(3.5, 5).display == "3.5"
    assert count(0).suppressed
    assert count(5).display == "5"
    assert rate(1, 2, 5).display == "50%"
    assert rate(1, 2, 4).export == "<5"


def test_a_total_that_adds_up_a_hidden_cell_is_hidden():
    # Open 5, Closed 1, All 6: showing All would give away Closed.
    grid = hide_totals([[count(5), count(1), count(6)], [count(5), count(1), count(6)]], 1, 2)
    assert [[c.display for c in row] for row in grid] == [["5", "<5", "<5"]] * 2
    # Nothing hidden: the totals stay.
    grid = hide_totals([[count(5), count(6), count(11)]], None, 2)
    assert [c.display for c in grid[0]] == ["5", "6", "11"]


def test_a_closed_case_is_not_given_away_by_the_totals(agency, coordinator_client, network):
    for _ in range(5):
        full_case(agency)
    closed = full_case(agency)
    closed.status = CaseStatus.CLOSED
    closed.save(update_fields=["status"])
    rows = csv_values(coordinator_client.get(reverse("evaluation:network_csv", args=[network.pk])))
    by_cell = {(row[0], row[1], row[2]): row[3] for row in rows if row[0] == "Cases by phase"}
    assert by_cell["Cases by phase", "Programme and support", "Open"] == "5"
    assert by_cell["Cases by phase", "Programme and support", "Closed"] == "<5"
    assert by_cell["Cases by phase", "Programme and support", "All"] == "<5"
    assert by_cell["Cases by phase", "All phases", "Closed"] == "<5"
    assert by_cell["Cases by phase", "All phases", "All"] == "<5"
    rows = xlsx_values(
        coordinator_client.get(reverse("evaluation:network_xlsx", args=[network.pk]))
    )
    by_cell = {(row[0], row[1], row[2]): row[3] for row in rows if row[0] == "Cases by phase"}
    assert by_cell["Cases by phase", "Programme and support", "Open"] == 5
    assert by_cell["Cases by phase", "Programme and support", "All"] == "<5"


def test_a_network_dashboard_over_four_cases_shows_no_figure(agency, coordinator_client, network):
    for _ in range(4):
        full_case(agency)
    html = coordinator_client.get(reverse("evaluation:network", args=[network.pk])).content.decode()
    members = ["Agency under evaluation", "Yes, pooled"]  # the network's members table
    shown = [c for c in cells(html) if c not in [NOTHING, *members]]
    assert len(shown) > 30
    assert set(shown) == {"&lt;5"}
    assert "data-suppressed" in html
    assert "fewer than five cases" in html


def test_a_network_dashboard_over_five_cases_shows_its_figures(agency, coordinator_client, network):
    for _ in range(5):
        full_case(agency)
    html = coordinator_client.get(reverse("evaluation:network", args=[network.pk])).content.decode()
    shown = cells(html)
    assert "5" in shown
    assert "50%" in shown  # one action of two done; one meeting of two held
    # The outcome change: her forms of violence 8 → 0, his 6 → 1; no T4 yet.
    assert "-8" in shown
    assert "-5" in shown
    assert "&lt;5" in shown  # the empty cells stay marked


def test_the_csv_suppresses_below_five_and_shows_from_five(agency, coordinator_client, network):
    for _ in range(4):
        full_case(agency)
    rows = csv_values(coordinator_client.get(reverse("evaluation:network_csv", args=[network.pk])))
    assert len(rows) > 30
    assert {row[3] for row in rows} == {"<5"}
    full_case(agency)
    services.refresh_all_figures()  # the hourly recount
    rows = csv_values(coordinator_client.get(reverse("evaluation:network_csv", args=[network.pk])))
    by_cell = {(row[0], row[1], row[2]): row[3] for row in rows}
    assert by_cell["Cases by phase", "Programme and support", "Open"] == "5"
    # The other phases are hidden, so the totals that add them up are hidden too.
    assert by_cell["Cases by phase", "All phases", "All"] == "<5"
    assert by_cell["Recidivism by source", "Reported by the victim", "Episodes"] == "5"
    assert by_cell["Cases by phase", "Follow-up", "All"] == "<5"
    assert by_cell["Outcome change", "The woman", "Change T0→T3"] == "-8"


def test_the_xlsx_suppresses_below_five_and_shows_from_five(agency, coordinator_client, network):
    for _ in range(4):
        full_case(agency)
    rows = xlsx_values(
        coordinator_client.get(reverse("evaluation:network_xlsx", args=[network.pk]))
    )
    assert len(rows) > 30
    assert {row[3] for row in rows} == {"<5"}
    full_case(agency)
    services.refresh_all_figures()  # the hourly recount
    rows = xlsx_values(
        coordinator_client.get(reverse("evaluation:network_xlsx", args=[network.pk]))
    )
    by_cell = {(row[0], row[1], row[2]): row[3] for row in rows}
    assert by_cell["Cases by phase", "Programme and support", "Open"] == 5
    assert by_cell["Cases by phase", "All phases", "All"] == "<5"
    assert by_cell["Action plans", "Completion rate", "Actions"] == 50
    assert by_cell["Outcome change", "The woman", "Change T0→T3"] == -8
    assert by_cell["Outcome change", "The woman", "T4"] == "<5"


def test_the_organisational_questionnaire_needs_five_questionnaires(
    agency, coordinator_client, network
):
    for _ in range(4):
        organisation_questionnaire(agency)
    services.refresh_all_figures()  # the hourly recount
    rows = csv_values(coordinator_client.get(reverse("evaluation:network_csv", args=[network.pk])))
    mine = [r for r in rows if r[0] == "Change in organisational behaviour"]
    assert mine
    assert {r[3] for r in mine} == {"<5"}
    organisation_questionnaire(agency)
    services.refresh_all_figures()  # the hourly recount
    rows = csv_values(coordinator_client.get(reverse("evaluation:network_csv", args=[network.pk])))
    mine = {r[2]: r[3] for r in rows if r[0] == "Change in organisational behaviour"}
    assert mine["Questionnaires"] == "5"
    assert "3" in mine.values()  # "agree" scores 3


def test_the_queries_do_not_grow_with_the_cases(agency, coordinator_client):
    """Neither reading the kept figures nor counting them takes more queries for more cases.
    Each counted recount follows one that totalled the new outcome questionnaires (the
    first count after new questionnaires are completed adds one INSERT of their totals)."""
    url = reverse("evaluation:dashboard")
    period = Period.current_year()
    for _ in range(5):
        full_case(agency)
    coordinator_client.get(url)
    with CaptureQueriesContext(connection) as five:
        assert coordinator_client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as counting_five:
        services.refresh_figures(period, organisation=agency)
    for _ in range(10):
        full_case(agency)
    services.refresh_figures(period, organisation=agency)
    with CaptureQueriesContext(connection) as counting_fifteen:
        services.refresh_figures(period, organisation=agency)
    with CaptureQueriesContext(connection) as fifteen:
        response = coordinator_client.get(url)
    assert "15" in cells(response.content.decode())
    assert len(fifteen) == len(five)
    assert len(counting_fifteen) == len(counting_five)


def test_each_outcome_questionnaire_is_totalled_once(agency, coordinator_client):
    for _ in range(5):
        full_case(agency)
    coordinator_client.get(reverse("evaluation:dashboard"))
    with named_scope("test"):
        totals = sorted(OutcomeScore.objects.values_list("respondent", "time_point", "total"))
    assert totals == sorted(
        [("victim", "T0", 8.0), ("victim", "T3", 0.0), ("perpetrator", "T0", 6.0)] * 5
        + [("perpetrator", "T3", 1.0)] * 5
    )
    coordinator_client.get(reverse("evaluation:dashboard_csv"))
    with named_scope("test"):
        assert OutcomeScore.objects.count() == 20


def test_reading_a_dashboard_or_an_export_is_audited(agency, coordinator_client):
    for name in ["dashboard", "dashboard_csv", "dashboard_xlsx"]:
        coordinator_client.get(reverse(f"evaluation:{name}"))
    actions = list(
        AuditEvent.objects.filter(action__startswith="evaluation.").values_list("action", flat=True)
    )
    assert sorted(actions) == [
        "evaluation.dashboard",
        "evaluation.dashboard.csv",
        "evaluation.dashboard.xlsx",
    ]
