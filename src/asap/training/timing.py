"""Topic timings: the online format fits each module in 60 minutes, and an agenda gives each
topic its start and end."""

import datetime
from dataclasses import dataclass


def scaled_minutes(minutes: list[int], total: int) -> list[int]:
    """Scale `minutes` to whole minutes adding up to exactly `total` (largest remainder).

    Each topic gets the whole part of its share; the minutes left over go, one each, to the
    topics with the largest remainders (the earlier topic first on a tie)."""
    whole = sum(minutes)
    if whole <= 0:
        raise ValueError("There are no minutes to scale.")
    shares = [m * total / whole for m in minutes]
    result = [int(share) for share in shares]
    left = total - sum(result)
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(shares[i] - result[i]), i))
    for index in by_remainder[:left]:
        result[index] += 1
    return result


@dataclass(frozen=True)
class Slot:
    title: str
    method: str
    starts: datetime.datetime
    ends: datetime.datetime
    minutes: int


def slots(
    starts: datetime.datetime, titles: list[tuple[str, str]], minutes: list[int]
) -> list[Slot]:
    """Each topic (title, method) one after the other from `starts`."""
    result, at = [], starts
    for (title, method), length in zip(titles, minutes, strict=True):
        ends = at + datetime.timedelta(minutes=length)
        result.append(Slot(title, method, at, ends, length))
        at = ends
    return result
