"""The meetings of the world's case, planted through the services.

Meetings hold no protected field (everything is joint), so no new canary is planted: the
crawl proves that the meeting pages, the calendar file and the minutes PDF carry none of the
case's canaries (her name, the children's, the protected details) to anyone.
"""

import datetime

from django.utils import timezone

from asap.cases import access
from asap.meetings import services

TITLE = "Periodic review (world meeting)"
VENUE = "Meeting room 2, Programme (world) offices"
DECISIONS = "JOINT-MINUTES-DECISION-e21a"


def plant(case, people, canaries) -> dict[str, int]:
    """A periodic review the victim side scheduled, with three workers invited, held, and
    its minutes written by the perpetrator side."""
    vss, pp = people["victim_side"], people["perpetrator_side"]
    vss_access, pp_access = access.case_for(vss, case.pk), access.case_for(pp, case.pk)
    starts = timezone.make_aware(datetime.datetime(2026, 4, 13, 10))
    meeting = services.schedule_meeting(
        actor=vss,
        access=vss_access,
        type_key="periodic_review",
        title=TITLE,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=90),
        mode="in_person",
        venue=VENUE,
        invitees=[vss, pp, people["other_agency"]],
    )
    services.write_minutes(
        actor=pp,
        access=pp_access,
        meeting=meeting,
        expected_version=0,
        attended=[vss, pp],
        decisions=DECISIONS,
        invitable=[m.user for m in access.members_for(pp_access)],
    )
    return {"meeting": meeting.pk}
