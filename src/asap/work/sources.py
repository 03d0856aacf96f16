"""The sources of My work: each a function `items_for(inbox) -> list[WorkItem]`
(`asap.work.items`), costing a fixed number of queries whatever the number of items or
cases. Another app plugs in its items with one line here."""

from collections.abc import Callable

from asap.work.items import Inbox, WorkItem
from asap.work.providers import (
    accounts,
    agreements,
    alerts,
    cases,
    instruments,
    justice,
    meetings,
    plans,
)

Source = Callable[[Inbox], list[WorkItem]]

SOURCES: list[Source] = [
    plans.items_for,
    instruments.items_for,
    cases.items_for,
    agreements.items_for,
    meetings.items_for,
    alerts.items_for,
    justice.items_for,  # police and court dates: nothing until asap.justice is installed
    accounts.items_for,
]
