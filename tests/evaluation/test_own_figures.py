"""An organisation's own figures: exact counts for its coordinator (the five-case rule is for
networks), over a period that is validated and kept in the form."""

import datetime

import pytest
from django.urls import reverse

from asap.cases.models import JointCase
from asap.episodes.models import Episode
from asap.evaluation.period import Period
from tests.evaluation.builders import full_case
from tests.evaluation.conftest import cells, csv_values, xlsx_values

pytestmark = pytest.mark.django_db


def by_cell(rows) -> dict[tuple[str, str, str], object]:
    return {(r[0], r[1], r[2]): r[3] for r in rows}


def test_the_own_dashboard_shows_exact_counts_that_a_network_suppresses(
    agency, coordinator_client, network
):
    for _ in range(2):
        full_case(agency)
    own = by_cell(csv_values(coordinator_client.get(reverse("evaluation:dashboard_csv"))))
    assert own["Cases by phase", "Programme and support", "Open"] == "2"
    assert own["Cases by phase", "All phases", "All"] == "2"
    assert own["Recidivism by source", "Reported by the victim", "Episodes"] == "2"
    assert own["Action plans", "Completion rate", "Actions"] == "50"
    assert "<5" not in own.values()
    pooled = by_cell(
        csv_values(coordinator_client.get(reverse("evaluation:network_csv", args=[network.pk])))
    )
    assert pooled["Cases by phase", "Programme and support", "Open"] == "<5"
    assert pooled["Recidivism by source", "Reported by the victim", "Episodes"] == "<5"
    xlsx = by_cell(xlsx_values(coordinator_client.get(reverse("evaluation:dashboard_xlsx"))))
    assert xlsx["Cases by phase", "Programme and support", "Open"] == 2


def test_the_own_page_says_exact_and_the_network_page_explains_the_rule(
    agency, coordinator_client, network
):
    full_case(agency)
    own = coordinator_client.get(reverse("evaluation:dashboard")).content.decode()
    assert "1" in cells(own)
    assert "&lt;5" not in cells(own)
    assert "Your own figures." in own
    assert "The five-case rule." not in own
    pooled = coordinator_client.get(reverse("evaluation:network", args=[network.pk]))
    assert "The five-case rule." in pooled.content.decode()


def test_the_default_period_is_the_current_year(agency, coordinator_client):
    year = Period.current_year()
    page = coordinator_client.get(reverse("evaluation:dashboard")).content.decode()
    assert f'value="{year.start:%d/%m/%Y}"' in page  # shown day first
    assert f'value="{year.end:%d/%m/%Y}"' in page
    assert f"start={year.start.isoformat()}&amp;end={year.end.isoformat()}" in page


def csv_for(client, start: datetime.date, end: datetime.date):
    url = reverse("evaluation:dashboard_csv")
    return by_cell(csv_values(client.get(url, {"start": start, "end": end})))


def test_the_period_counts_a_case_open_on_its_first_and_last_day(agency, coordinator_client):
    start, end = datetime.date(2025, 3, 1), datetime.date(2025, 3, 31)
    case = full_case(agency)
    closed_before, closed_on_first_day = full_case(agency), full_case(agency)
    JointCase.objects.filter(pk=closed_before.pk).update(
        status="closed", closed_on=start - datetime.timedelta(days=1), closing_reason="other"
    )
    JointCase.objects.filter(pk=closed_on_first_day.pk).update(
        status="closed", closed_on=start, closing_reason="other"
    )
    # All three were opened before the period; one more is opened after it.
    JointCase.objects.filter(pk__in=[case.pk, closed_before.pk, closed_on_first_day.pk]).update(
        opened_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    )
    full_case(agency)  # opened now, after the period
    Episode.objects.filter(case=case, source="victim").update(date_from=end)
    Episode.objects.filter(case=case, source="agency").update(
        date_from=end + datetime.timedelta(days=1)
    )
    figures = csv_for(coordinator_client, start, end)
    assert figures["Cases by phase", "All phases", "All"] == "2"
    assert figures["Cases by phase", "All phases", "Closed"] == "1"
    assert figures["Recidivism by source", "Reported by the victim", "Episodes"] == "1"
    assert figures["Recidivism by source", "Reported by other agencies", "Episodes"] == "0"
    # The day after: the case closed on the first day of March no longer counts.
    later = csv_for(coordinator_client, start + datetime.timedelta(days=1), end)
    assert later["Cases by phase", "All phases", "All"] == "1"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2025-05-01", "2025-04-30", "cannot come before its start"),
        ("2025-02-30", "2025-04-30", "Enter a date as day/month/year"),
        ("1999-12-31", "2025-04-30", "from 2000 on"),
        ("2001-01-01", "2025-04-30", "at most ten years"),
    ],
)
def test_a_period_not_understood_is_refused_with_the_input_kept(
    agency, coordinator_client, start, end, message
):
    full_case(agency)
    for name in ["dashboard", "dashboard_csv", "report_xlsx"]:
        response = coordinator_client.get(
            reverse(f"evaluation:{name}"), {"start": start, "end": end}
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert message in page
        assert f'value="{start}"' in page
        assert 'aria-invalid="true"' in page
