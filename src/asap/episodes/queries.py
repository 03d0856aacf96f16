"""Reads of episodes and remote sessions. Every function takes the `CaseAccess` the door
gave. The barrier decides what a viewer reads, not the screen: an episode or a session is
readable exactly when the read policy lets the viewer read its timeline entry
(`Model.objects.visible_to(access)`: her episodes reach the other sides only while a
victim-side worker shares them)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Window
from django.http import Http404

from asap.cases.access import CaseAccess, shares_visible_to
from asap.cases.models import Share
from asap.episodes.compartments import HER_SESSIONS, compartment_of
from asap.episodes.enums import EpisodeSource
from asap.episodes.models import Episode, RemoteSession

PROTECTED_SESSION_FIELDS = ("contact_details", "end_signal")


def episodes_for(access: CaseAccess) -> QuerySet[Episode]:
    """The case's episodes the viewer may read, latest first."""
    return (
        Episode.objects.visible_to(access)
        .select_related("reported_by", "organisation")
        .order_by("-date_from", "-pk")
    )


def episode_for(access: CaseAccess, episode_id: int) -> Episode:
    """One readable episode (with its entry), or 404."""
    episode = episodes_for(access).select_related("entry").filter(pk=episode_id).first()
    if episode is None:
        raise Http404
    return episode


def episode_counts(access: CaseAccess) -> dict[str, int]:
    """How many readable episodes each source reported (every source present, maybe 0)."""
    counts = dict.fromkeys(EpisodeSource.values, 0)
    rows = episodes_for(access).order_by().values("source").annotate(n=Count("pk"))
    counts.update({row["source"]: row["n"] for row in rows})
    return counts


def latest_episodes(access: CaseAccess, count: int) -> tuple[list[Episode], dict[str, int]]:
    """The `count` latest readable episodes, and how many readable episodes each source
    reported (every source present, maybe 0): one query, the counts a window over every
    readable episode carried by each of the latest rows."""
    totals = {
        f"total_{source}": Window(Count("pk", filter=Q(source=source)))
        for source in EpisodeSource.values
    }
    latest = list(episodes_for(access).annotate(**totals)[:count])
    counts = {
        source: getattr(latest[0], f"total_{source}") if latest else 0
        for source in EpisodeSource.values
    }
    return latest, counts


def shares_of(access: CaseAccess, episode: Episode) -> QuerySet[Share]:
    """The shares of the episode's entry the viewer may see (their own side's, or to them)."""
    return (
        shares_visible_to(access)
        .filter(entry_id=episode.entry_id)
        .select_related("shared_by")
        .order_by("-shared_at")
    )


@dataclass
class MonthRow:
    """One month of the side-by-side view: the episodes of each source."""

    month: datetime.date
    cells: dict[str, list[Episode]] = field(default_factory=dict)

    @property
    def columns(self) -> list[list[Episode]]:
        return [self.cells.get(source, []) for source in EpisodeSource.values]


def month_rows(episodes: list[Episode]) -> list[MonthRow]:
    """Episodes (latest first) grouped by the month they began, one column per source."""
    rows: list[MonthRow] = []
    for episode in episodes:
        month = episode.date_from.replace(day=1)
        if not rows or rows[-1].month != month:
            rows.append(MonthRow(month=month))
        rows[-1].cells.setdefault(episode.source, []).append(episode)
    return rows


def sessions_for(access: CaseAccess) -> QuerySet[RemoteSession]:
    """The case's remote sessions the viewer may read, latest first. Sessions with the woman
    or a child are the victim side's only."""
    sessions = RemoteSession.objects.visible_to(access).select_related("worker", "organisation")
    if not access.is_victim_side:
        sessions = sessions.exclude(with_whom__in=HER_SESSIONS)
    return sessions.order_by("-held_at", "-pk")


def _emptied(access: CaseAccess, session: RemoteSession) -> RemoteSession:
    """The session with every field the viewer may not read emptied."""
    for name in PROTECTED_SESSION_FIELDS:
        if not access.may_read(compartment_of(session, name)):
            setattr(session, name, "")
    return session


def session_for(access: CaseAccess, session_id: int) -> RemoteSession:
    """One readable remote session, or 404. A field the viewer may not read is emptied
    before the record leaves this function."""
    session = sessions_for(access).filter(pk=session_id).first()
    if session is None:
        raise Http404
    return _emptied(access, session)


def latest_sessions(access: CaseAccess, count: int) -> list[RemoteSession]:
    """The latest readable sessions, unreadable fields emptied (for the case page)."""
    return [_emptied(access, session) for session in sessions_for(access)[:count]]
