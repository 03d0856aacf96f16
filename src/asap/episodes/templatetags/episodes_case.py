"""The episodes section of the case page: what the viewer may read, through the door."""

from typing import Any

from django import template

from asap.cases.access import CaseAccess
from asap.episodes import queries
from asap.episodes.enums import EpisodeSource

register = template.Library()
LATEST = 5


@register.simple_tag
def episodes_summary(access: CaseAccess) -> dict[str, Any]:
    """The latest episodes and remote sessions the viewer may read, and counts per source."""
    latest, counts = queries.latest_episodes(access, LATEST)
    return {
        "episodes": latest,
        "counts": [(label, counts[source]) for source, label in EpisodeSource.choices],
        "sessions": queries.latest_sessions(access, LATEST),
    }
