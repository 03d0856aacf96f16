"""The list pages: the sources side by side by month, bounded, at a constant query count."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from asap.episodes import services
from asap.episodes.views.episodes import PAGE_SIZE
from tests.episodes.conftest import episode_values, session_values

pytestmark = pytest.mark.django_db


def record(team, who: str, day: int) -> None:
    services.record_episode(
        actor=getattr(team, who),
        access=team.access(who),
        **episode_values(date_from=datetime.date(2026, 1 + day % 3, 1 + day % 28)),
    )


def record_session(team, who: str, with_whom: str) -> None:
    services.record_remote_session(
        actor=getattr(team, who), access=team.access(who), with_whom=with_whom, **session_values()
    )


def count(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("viewer", ["vss", "pp"])
def test_the_episode_list_runs_the_same_queries_with_one_and_three_episodes(
    team, signed_in_client, viewer
):
    client = signed_in_client(getattr(team, viewer))
    url = f"/cases/{team.case.pk}/episodes/"
    record(team, "pp", 1)
    one, _body = count(client, url)
    record(team, "police", 2)
    record(team, "pp", 3)
    three, body = count(client, url)
    assert one == three
    assert len(re.findall(rf'href="/cases/{team.case.pk}/episodes/\d+/"', body)) == 3


@pytest.mark.parametrize("viewer", ["vss", "pp"])
def test_the_session_list_runs_the_same_queries_with_one_and_three_sessions(
    team, signed_in_client, viewer
):
    client = signed_in_client(getattr(team, viewer))
    url = f"/cases/{team.case.pk}/episodes/remote/"
    record_session(team, "police", "agency")
    one, _body = count(client, url)
    record_session(team, "police", "agency")
    record_session(team, "police", "agency")
    three, body = count(client, url)
    assert one == three
    assert body.count("Another agency") == 3


def test_the_case_page_runs_the_same_queries_with_one_and_three_episodes(team, signed_in_client):
    client = signed_in_client(team.vss)
    url = f"/cases/{team.case.pk}/"
    record(team, "vss", 1)
    record_session(team, "vss", "woman")
    one, _body = count(client, url)
    record(team, "vss", 2)
    record(team, "pp", 3)
    record_session(team, "vss", "child")
    record_session(team, "vss", "agency")
    three, body = count(client, url)
    assert one == three
    assert "Reported by the victim: <strong>2</strong>" in body


def test_the_three_sources_stand_side_by_side_by_month(team, signed_in_client):
    for who, day in [("vss", 5), ("pp", 6), ("police", 7)]:
        services.record_episode(
            actor=getattr(team, who),
            access=team.access(who),
            **episode_values(date_from=datetime.date(2026, 3, day)),
        )
    services.record_episode(
        actor=team.pp,
        access=team.access("pp"),
        **episode_values(date_from=datetime.date(2026, 1, 9)),
    )
    from asap.episodes import queries

    rows = queries.month_rows(list(queries.episodes_for(team.access("vss"))))
    assert [
        (row.month, [[e.date_from.day for e in cell] for cell in row.columns]) for row in rows
    ] == [
        (datetime.date(2026, 3, 1), [[6], [5], [7]]),
        (datetime.date(2026, 1, 1), [[9], [], []]),
    ]
    programme_rows = queries.month_rows(list(queries.episodes_for(team.access("pp"))))
    assert [[len(cell) for cell in row.columns] for row in programme_rows] == [[1, 0, 1], [1, 0, 0]]


def test_the_episode_list_is_paginated(team, signed_in_client):
    for day in range(PAGE_SIZE + 1):
        record(team, "pp", day)
    client = signed_in_client(team.pp)
    _n, first = count(client, f"/cases/{team.case.pk}/episodes/")
    _n, second = count(client, f"/cases/{team.case.pk}/episodes/?page=2")
    detail = re.compile(rf'href="/cases/{team.case.pk}/episodes/\d+/"')
    assert (len(detail.findall(first)), len(detail.findall(second))) == (PAGE_SIZE, 1)
