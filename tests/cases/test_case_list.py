"""The case list: filters, search, pagination, and a query count that does not grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from asap.accounts.enums import OrganisationKind, Role
from asap.cases import access, services
from tests.factories import OrganisationFactory, persona

pytestmark = pytest.mark.django_db


@pytest.fixture
def vss_worker():
    vss = OrganisationFactory(kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
    return persona(Role.CASE_WORKER, vss)


def open_cases(worker, count: int, **values) -> list:
    organisation = worker.active_memberships[0].organisation
    return [
        services.open_case(
            actor=worker,
            organisation=organisation,
            perpetrator_name=f"Man {n}",
            victim_name=f"Woman {n}",
            **values,
        )
        for n in range(count)
    ]


def list_queries(client, url: str = "/cases/") -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_case_list_runs_the_same_number_of_queries_with_one_and_three_cases(
    vss_worker, signed_in_client
):
    client = signed_in_client(vss_worker)
    open_cases(vss_worker, 1)
    one, body_one = list_queries(client)
    open_cases(vss_worker, 2)
    three, body_three = list_queries(client)
    assert body_one.count("Woman ") == 1
    assert body_three.count("Woman ") == 3
    assert one == three


def test_search_by_code_and_filters(vss_worker, signed_in_client):
    past = datetime.date(2026, 1, 1)
    overdue, on_time = open_cases(vss_worker, 1, follow_up_date=past) + open_cases(vss_worker, 1)
    client = signed_in_client(vss_worker)

    _n, body = list_queries(client, f"/cases/?q={overdue.code[3:7].lower()}")
    assert overdue.code in body
    assert on_time.code not in body

    _n, body = list_queries(client, "/cases/?overdue=on")
    assert overdue.code in body
    assert on_time.code not in body

    _n, body = list_queries(client, "/cases/?phase=assessment")
    assert overdue.code not in body
    assert on_time.code not in body


def test_the_list_is_paginated(vss_worker, signed_in_client):
    open_cases(vss_worker, 26)
    client = signed_in_client(vss_worker)
    _n, first = list_queries(client)
    _n, second = list_queries(client, "/cases/?page=2")
    assert first.count("Woman ") == 25
    assert second.count("Woman ") == 1


def test_my_cases_keeps_only_cases_i_work_on(vss_worker):
    coordinator = persona(Role.COORDINATOR, vss_worker.active_memberships[0].organisation)
    (case,) = open_cases(vss_worker, 1)
    assert list(access.cases_for(coordinator)) == [case]
    assert list(access.cases_for(coordinator, filters={"mine": True})) == []
    assert list(access.cases_for(vss_worker, filters={"mine": True})) == [case]
