"""The episodes' section of the case page: what the viewer may read, read by the case page's
view (`asap.cases.sections`), through the door."""

from typing import Any

from asap.cases.access import CaseAccess
from asap.episodes import queries
from asap.episodes.enums import EpisodeSource

LATEST = 5


def section(access: CaseAccess, page: dict[str, Any]) -> dict[str, Any]:
    """The latest episodes and remote sessions the viewer may read, and counts per source."""
    latest, counts = queries.latest_episodes(access, LATEST)
    return {
        "episodes": latest,
        "counts": [(label, counts[source]) for source, label in EpisodeSource.choices],
        "sessions": queries.latest_sessions(access, LATEST),
    }
