import datetime

import pytest

from asap.training import curriculum
from asap.training.timing import scaled_minutes, slots


@pytest.mark.parametrize("module", curriculum.reference().modules, ids=lambda m: m.key)
def test_online_scaling_adds_up_to_60_for_every_module(module):
    online = scaled_minutes([t.minutes for t in module.topics], 60)
    assert sum(online) == 60
    for minutes, scaled in zip([t.minutes for t in module.topics], online, strict=True):
        assert abs(scaled - minutes * 60 / 90) < 1


def test_largest_remainder_gives_the_left_over_minute_to_the_largest_remainder():
    # 20, 40, 30 → 13.33, 26.67, 20: the minute left goes to 26.67.
    assert scaled_minutes([20, 40, 30], 60) == [13, 27, 20]
    assert scaled_minutes([20, 30, 40], 60) == [13, 20, 27]
    assert scaled_minutes([30, 30, 30], 60) == [20, 20, 20]
    assert scaled_minutes([1, 1, 1], 10) == [4, 3, 3]


def test_slots_follow_one_another():
    start = datetime.datetime(2026, 9, 14, 9, 0)
    result = slots(start, [("A", "x"), ("B", "y")], [13, 27])
    assert [(s.starts.strftime("%H:%M"), s.ends.strftime("%H:%M")) for s in result] == [
        ("09:00", "09:13"),
        ("09:13", "09:40"),
    ]
