"""Reads of My work: the person's items, soonest first, and how many are unread.

Every source (`asap.work.sources.SOURCES`) costs a fixed number of queries; the person's
dismissals are one more. Nothing here reads case content beyond what a source's
`Inbox.readable` lets the person's side read on each case, and an item carries none.
"""

import datetime
from functools import cache

from django.core.cache import cache as shared_cache
from django.utils import timezone

from asap.accounts.models import User
from asap.core.scopes import named_scope
from asap.work.items import SCOPE, Inbox, WorkItem
from asap.work.models import Dismissal, LastSeen
from asap.work.sources import SOURCES

UNREAD_SECONDS = 60  # how long the header's count may lag behind a new item


def dismissed_keys(user: User) -> set[str]:
    """The keys of the items `user` dismissed (keys only, never a reason)."""
    with named_scope(SCOPE):
        return set(Dismissal.objects.filter(user=user).values_list("key", flat=True))


def items_for(user: User, today: datetime.date | None = None) -> list[WorkItem]:
    """What `user` must do, soonest first: every source's items less those dismissed."""
    now = timezone.now()
    inbox = Inbox(user=user, today=today or timezone.localdate(now), now=now)
    items = [item for source in SOURCES for item in source(inbox)]
    if not items:
        return []
    dismissed = dismissed_keys(user)
    kept = [item for item in items if item.key not in dismissed]
    return sorted(kept, key=lambda item: (item.due, item.case_code, item.key))


def item_for(user: User, key: str) -> WorkItem | None:
    """One of `user`'s current items by its key, or None."""
    return next((item for item in items_for(user) if item.key == key), None)


def last_seen(user: User) -> datetime.datetime | None:
    return LastSeen.objects.filter(user=user).values_list("seen_at", flat=True).first()


def unread(items: list[WorkItem], seen: datetime.datetime | None) -> list[WorkItem]:
    """The items that came onto the list after the person last opened My work."""
    return [item for item in items if seen is None or item.created > seen]


def cache_key(user: User) -> str:
    return f"work:unread:{user.pk}"


def unread_count(user: User) -> int:
    """The header's count: one cache read while it is fresh; otherwise every source once,
    kept for `UNREAD_SECONDS` (opening My work, a dismissal or a "done" refreshes it)."""
    key = cache_key(user)
    count = shared_cache.get(key)
    if count is None:
        count = len(unread(items_for(user), last_seen(user)))
        shared_cache.set(key, count, UNREAD_SECONDS)
    return count


def known_unread_count(user: User) -> int | None:
    """The header's count if it is in the cache (one cache read), else None: a page never
    computes the sources itself; the header then asks `work:count` for it after loading."""
    return shared_cache.get(cache_key(user))


def forget_unread(user: User) -> None:
    shared_cache.delete(cache_key(user))


def seen_everything(user: User) -> None:
    """Nothing is unread once the person opened My work (until the count is next due). One
    cache read when the header already shows none: a cache write costs three statements."""
    if known_unread_count(user) != 0:
        shared_cache.set(cache_key(user), 0, UNREAD_SECONDS)


def lazy_unread_count(user: User):
    """The known count as a callable the template calls at most once, and only if it shows
    it: None when not known (see `known_unread_count`)."""
    return cache(lambda: known_unread_count(user))
