"""The programme's records on the world case, made through its services.

His programme's reason and note are the perpetrator side's: they are not canaries of the
crawl (which hunts protected values outside the victim side) but planted values of their
own, which tests/programme/test_barrier.py keeps from every other side.
"""

import datetime

from asap.cases import access
from asap.programme import services

WORLD_REASON = "PROGRAMME-REASON-WORLD-5c3a"
WORLD_NOTE = "PROGRAMME-NOTE-WORLD-a91e"


def plant(case, people, canaries) -> dict[str, int]:
    """His intake and group attendance, with a reason; three sessions, one with a note."""
    pp = people["perpetrator_side"]
    pp_access = access.case_for(pp, case.pk)
    services.record_status(
        actor=pp, access=pp_access, status="intake", date=datetime.date(2026, 1, 12)
    )
    services.record_status(
        actor=pp,
        access=pp_access,
        status="attending_group",
        date=datetime.date(2026, 1, 19),
        reason=WORLD_REASON,
    )
    sessions = [
        services.record_session(
            actor=pp,
            access=pp_access,
            date=datetime.date(2026, 1, day),
            kind="group",
            attendance=attendance,
            note=note,
        )
        for day, attendance, note in [
            (19, "present", ""),
            (26, "late", WORLD_NOTE),
            (28, "absent_notice", ""),
        ]
    ]
    return {"programme_session": sessions[1].pk}
