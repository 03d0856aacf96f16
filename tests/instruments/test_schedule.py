"""T0 to T4 from a case's dates."""

import datetime

from asap.instruments.schedule import add_months, time_points

D = datetime.date


def labels(points) -> list[tuple[str, datetime.date]]:
    return [(p.label, p.due) for p in points]


def test_with_an_end_of_the_programme():
    points = time_points(
        programme_start=D(2026, 1, 10),
        intervention_start=D(2026, 2, 1),
        programme_end=D(2026, 10, 15),
        follow_up_date=None,
        today=D(2026, 3, 1),
        follow_up_months=6,
    )
    assert labels(points) == [
        ("T0", D(2026, 1, 10)),
        ("T1", D(2026, 2, 1)),
        ("T2.1", D(2026, 5, 1)),
        ("T2.2", D(2026, 8, 1)),
        ("T3", D(2026, 10, 15)),
        ("T4", D(2027, 4, 15)),
    ]


def test_without_an_end_the_t2_points_run_to_the_next_one_after_today():
    points = time_points(
        programme_start=D(2026, 1, 10),
        intervention_start=D(2026, 2, 1),
        programme_end=None,
        follow_up_date=None,
        today=D(2026, 9, 20),
        follow_up_months=6,
    )
    assert labels(points) == [
        ("T0", D(2026, 1, 10)),
        ("T1", D(2026, 2, 1)),
        ("T2.1", D(2026, 5, 1)),
        ("T2.2", D(2026, 8, 1)),
        ("T2.3", D(2026, 11, 1)),
    ]


def test_the_case_follow_up_date_wins_over_the_default():
    points = time_points(
        programme_start=None,
        intervention_start=None,
        programme_end=D(2026, 6, 30),
        follow_up_date=D(2026, 9, 1),
        today=D(2026, 1, 1),
        follow_up_months=6,
    )
    assert labels(points) == [("T3", D(2026, 6, 30)), ("T4", D(2026, 9, 1))]


def test_the_points_move_when_the_dates_move():
    before = time_points(
        programme_start=D(2026, 1, 10),
        intervention_start=D(2026, 2, 1),
        programme_end=D(2026, 6, 1),
        follow_up_date=None,
        today=D(2026, 1, 1),
        follow_up_months=6,
    )
    after = time_points(
        programme_start=D(2026, 1, 10),
        intervention_start=D(2026, 3, 1),
        programme_end=D(2026, 9, 1),
        follow_up_date=None,
        today=D(2026, 1, 1),
        follow_up_months=6,
    )
    assert labels(before)[1:] == [
        ("T1", D(2026, 2, 1)),
        ("T2.1", D(2026, 5, 1)),
        ("T3", D(2026, 6, 1)),
        ("T4", D(2026, 12, 1)),
    ]
    assert labels(after)[1:] == [
        ("T1", D(2026, 3, 1)),
        ("T2.1", D(2026, 6, 1)),
        ("T3", D(2026, 9, 1)),
        ("T4", D(2027, 3, 1)),
    ]


def test_month_ends_are_kept():
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2027, 11, 30), 3) == D(2028, 2, 29)
