"""Police and court dates ahead on the person's cases (an order's end, a hearing), from
`asap.justice.queries.upcoming_dates` (which reads each record through the read policy).
Nothing until the justice app is installed."""

import datetime

from django.apps import apps

from asap.work.enums import ItemKind
from asap.work.items import Inbox, WorkItem, at_start

AHEAD_DAYS = 14


def items_for(inbox: Inbox) -> list[WorkItem]:
    if not apps.is_installed("asap.justice"):
        return []
    from asap.justice.queries import upcoming_dates

    return [
        WorkItem(
            key=f"court:{found.what}:{found.url}",
            kind=ItemKind.COURT,
            label=str(found.label),
            due=found.date,
            url=found.url,
            created=at_start(found.date - datetime.timedelta(days=AHEAD_DAYS)),
            case_id=found.case_id,
            case_code=found.case_code,
            side=inbox.seats[found.case_id].side if found.case_id in inbox.seats else "",
        )
        for found in upcoming_dates(inbox.user, inbox.today, days=AHEAD_DAYS, readers=inbox.readers)
    ]
