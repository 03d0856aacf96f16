"""How many times the resilience tests repeat their work.

The suite runs them at a reduced count (CI, `scripts/test`); `ASAP_RESILIENCE_SCALE=full`
runs the counts of issue 8 (1,000 pairs, 100 kills, 10,000 submissions), once, by hand.
"""

import os

FULL = os.environ.get("ASAP_RESILIENCE_SCALE", "").strip().lower() == "full"


def count(reduced: int, full: int) -> int:
    """`full` when ASAP_RESILIENCE_SCALE=full, else `reduced`."""
    return full if FULL else reduced


def on_postgresql() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"
