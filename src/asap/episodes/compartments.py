"""Who may read each field of the episodes app's models.

"by record": the record's timeline entry decides: its compartment, which follows the
episode's source or the session's "with whom", and for an episode the shares of that entry.
"protected with her": protected when the session was with the woman or a child (the agreed
end signal and the number or account used locate or identify her), otherwise the session's
own compartment.
"""

from django.db import models

from asap.cases.enums import Compartment
from asap.episodes.enums import EPISODE_COMPARTMENT, SESSION_COMPARTMENT, WithWhom
from asap.episodes.models import Episode, RemoteSession

BY_RECORD, PROTECTED_WITH_HER = "by record", "protected with her"

COMPARTMENTS: dict[type[models.Model], dict[str, str]] = {
    Episode: dict.fromkeys(
        [
            "id",
            "case",
            "entry",
            "source",
            "date_from",
            "date_to",
            "forms_of_violence",
            "severity",
            "children_present",
            "police_involved",
            "court_involved",
            "note",
            "reported_by",
            "organisation",
            "reported_at",
            "updated_at",
            "version",
        ],
        BY_RECORD,
    ),
    RemoteSession: {
        **dict.fromkeys(
            [
                "id",
                "case",
                "entry",
                "held_at",
                "worker",
                "organisation",
                "with_whom",
                "channel",
                "person_alone_and_safe",
                "device_safe",
                "outcome",
                "stop_reason",
                "summary",
                "risks_identified",
                "follow_up_agreed",
                "technical_issues",
                "recorded_at",
            ],
            BY_RECORD,
        ),
        "contact_details": PROTECTED_WITH_HER,
        "end_signal": PROTECTED_WITH_HER,
    },
}

HER_SESSIONS = frozenset({WithWhom.WOMAN, WithWhom.CHILD})


def compartment_of(obj: models.Model, field: str) -> str:
    """The compartment of one field of one episode or remote session (for an episode, the
    compartment it is filed under: a share of its entry may open it to another side)."""
    declared = COMPARTMENTS[type(obj)][field]
    if isinstance(obj, Episode):
        return EPISODE_COMPARTMENT[obj.source]
    if declared == PROTECTED_WITH_HER and obj.with_whom in HER_SESSIONS:
        return Compartment.PROTECTED
    return SESSION_COMPARTMENT[obj.with_whom]
