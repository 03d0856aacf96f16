"""The dashboards read kept figures (`DashboardFigures`): the same figures as counting the
cases now, as of the time shown; recounted by `asap evaluation refresh-figures` (hourly on
the worker); a network's recounted at once when who pools changes."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from asap.cases.enums import CaseStatus
from asap.cases.models import JointCase
from asap.evaluation import queries, services
from asap.evaluation.models import DashboardFigures
from asap.evaluation.period import Period
from asap.evaluation.suppression import EXACT, FIVE_CASES
from asap.evaluation.tasks import refresh_figures
from tests.evaluation.builders import full_case, organisation_questionnaire
from tests.evaluation.conftest import csv_values
from tests.evaluation.test_networks import client_for
from tests.factories import OrganisationFactory, persona

pytestmark = pytest.mark.django_db


def counted_now(period, rule, *, organisation=None, network=None):
    """The figures as the dashboards counted them on every request before they were kept."""
    ids = queries.counted_organisations(organisation=organisation, network=network)
    return queries.figures(queries.organisation_scope(ids, period), ids, period, rule)


def kept(period, rule, *, organisation=None, network=None):
    row = DashboardFigures.objects.get(
        organisation=organisation, network=network, start=period.start, end=period.end
    )
    return queries.figures_from(row.counts, rule)


@pytest.fixture
def region(agency, coordinator):
    """The agency and a second one, both pooling in a network, with cases, closed cases and
    organisational questionnaires on each side."""
    from asap.accounts.enums import Role

    second = OrganisationFactory(name="Second agency")
    second_coordinator = persona(Role.COORDINATOR, second)
    for _ in range(6):
        full_case(agency)
    full_case(agency, phase="follow_up")
    for _ in range(4):
        full_case(second)
    JointCase.objects.filter(pk=full_case(second).pk).update(
        status=CaseStatus.CLOSED, closed_on=timezone.localdate()
    )
    for _ in range(5):
        organisation_questionnaire(agency)
    organisation_questionnaire(second, value="disagree")
    network = services.create_network(
        actor=coordinator, organisation=agency, name="Region", description="", members=[second]
    )
    services.set_opt_in(
        actor=second_coordinator, network=network, organisation=second, opted_in=True
    )
    return agency, second, second_coordinator, network


def test_the_kept_figures_equal_the_figures_counted_now_also_after_a_change(region):
    agency, second, _second_coordinator, network = region
    period = Period.current_year()
    assert services.refresh_all_figures() == 3  # two organisations, one network
    scopes = [
        ({"organisation": agency}, EXACT),
        ({"organisation": second}, EXACT),
        ({"network": network}, FIVE_CASES),
    ]
    for scope, rule in scopes:
        assert kept(period, rule, **scope) == counted_now(period, rule, **scope)
    pooled = DashboardFigures.objects.get(network=network).counts
    assert pooled["organisations"] == sorted([agency.pk, second.pk])
    assert sum(n for _phase, _status, n in pooled["cases_by_phase"]) == 12  # 7 + 5 cases
    # A change: two more cases of the second agency, one of its cases closed.
    full_case(second)
    full_case(second)
    case = JointCase.objects.filter(agencies__organisation=second).first()
    JointCase.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_on=timezone.localdate()
    )
    assert kept(period, EXACT, organisation=second) != counted_now(
        period, EXACT, organisation=second
    )
    services.refresh_all_figures()
    for scope, rule in scopes:
        assert kept(period, rule, **scope) == counted_now(period, rule, **scope)


def all_cases(client, url: str) -> str:
    rows = csv_values(client.get(url))
    return {(r[0], r[1], r[2]): r[3] for r in rows}["Cases by phase", "All phases", "All"]


def test_the_page_shows_the_kept_figures_with_their_time(agency, coordinator_client):
    for _ in range(2):
        full_case(agency)
    services.refresh_all_figures()
    full_case(agency)  # after the count: not shown until the next one
    page = coordinator_client.get(reverse("evaluation:dashboard")).content.decode()
    counted_at = timezone.localtime(DashboardFigures.objects.get(organisation=agency).computed_at)
    assert f"Figures as of {counted_at:%d/%m/%Y %H:%M}: they are recounted every hour" in page
    csv = reverse("evaluation:dashboard_csv")
    assert all_cases(coordinator_client, csv) == "2"
    call_command("evaluation", "refresh-figures", stdout=io.StringIO())
    assert all_cases(coordinator_client, csv) == "3"


def test_another_period_is_counted_now_and_carries_no_time(agency, coordinator_client):
    full_case(agency)
    services.refresh_all_figures()
    full_case(agency)
    today = timezone.localdate()
    period = f"?start={today - datetime.timedelta(days=7)}&end={today}"
    page = coordinator_client.get(reverse("evaluation:dashboard") + period).content.decode()
    assert "Figures as of" not in page
    assert all_cases(coordinator_client, reverse("evaluation:dashboard_csv") + period) == "2"


def test_a_dashboard_without_kept_figures_counts_and_keeps_them(agency, coordinator_client):
    full_case(agency)
    assert not DashboardFigures.objects.exists()
    page = coordinator_client.get(reverse("evaluation:dashboard")).content.decode()
    assert "Figures as of" in page
    assert DashboardFigures.objects.filter(organisation=agency).count() == 1


def test_figures_not_recounted_for_two_hours_are_recounted_when_read(agency, coordinator_client):
    full_case(agency)
    services.refresh_all_figures()
    full_case(agency)
    csv = reverse("evaluation:dashboard_csv")
    assert all_cases(coordinator_client, csv) == "1"
    almost_two_hours_ago = timezone.now() - datetime.timedelta(hours=1, minutes=59)
    DashboardFigures.objects.update(computed_at=almost_two_hours_ago)
    assert all_cases(coordinator_client, csv) == "1"
    DashboardFigures.objects.update(
        computed_at=almost_two_hours_ago - datetime.timedelta(minutes=2)
    )
    assert all_cases(coordinator_client, csv) == "2"
    assert DashboardFigures.objects.get().computed_at > almost_two_hours_ago


def test_a_member_that_opts_out_leaves_the_pooled_figures_at_once(region):
    _agency, second, second_coordinator, network = region
    services.refresh_all_figures()
    client = client_for(second_coordinator)
    url = reverse("evaluation:network_csv", args=[network.pk])
    by_cell = {(r[0], r[1], r[2]): r[3] for r in csv_values(client.get(url))}
    assert by_cell["Cases by phase", "Programme and support", "Open"] == "10"
    services.set_opt_in(
        actor=second_coordinator, network=network, organisation=second, opted_in=False
    )
    by_cell = {(r[0], r[1], r[2]): r[3] for r in csv_values(client.get(url))}
    assert by_cell["Cases by phase", "Programme and support", "Open"] == "6"  # the agency's
    period = Period.current_year()
    assert kept(period, FIVE_CASES, network=network) == counted_now(
        period, FIVE_CASES, network=network
    )


def test_the_figures_of_a_past_year_are_forgotten_at_the_next_count(agency):
    last_year = Period(datetime.date(2000, 1, 1), datetime.date(2000, 12, 31))
    services.refresh_figures(last_year, organisation=agency)
    services.refresh_all_figures()
    assert list(DashboardFigures.objects.values_list("start", flat=True)) == [
        Period.current_year().start
    ]


def test_the_hourly_recount_is_queued_once():
    from django_tasks_db.models import DBTaskResult

    out = io.StringIO()
    call_command("evaluation", "refresh-figures", "--hourly", stdout=out)
    call_command("evaluation", "refresh-figures", "--hourly", stdout=out)
    assert "already queued" in out.getvalue()
    queued = DBTaskResult.objects.filter(task_path=refresh_figures.module_path, status="READY")
    assert queued.count() == 1
