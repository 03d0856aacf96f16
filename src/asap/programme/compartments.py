"""Who may read each field of the programme app's models.

The status and its date, a session's date, kind and attendance are figures: "by record"
(the status's timeline entry, a session's own compartment column: joint, recorded by the
perpetrator side). The reason of a status and the note of a session are the perpetrator
side's only: the queries empty them for every other reader before a record leaves them.
"""

from django.db import models

from asap.cases.enums import Compartment
from asap.programme.models import ProgrammeSession, StatusChange

BY_RECORD = "by record"

COMPARTMENTS: dict[type[models.Model], dict[str, str]] = {
    StatusChange: {
        **dict.fromkeys(
            ["id", "case", "entry", "status", "date", "recorded_by", "organisation", "recorded_at"],
            BY_RECORD,
        ),
        "reason": Compartment.PERPETRATOR,
    },
    ProgrammeSession: {
        **dict.fromkeys(
            [
                "id",
                "case",
                "date",
                "kind",
                "attendance",
                "compartment",
                "recorded_side",
                "alerted",
                "recorded_by",
                "organisation",
                "recorded_at",
                "updated_at",
                "version",
            ],
            BY_RECORD,
        ),
        "note": Compartment.PERPETRATOR,
    },
}

# The fields only the perpetrator side reads, per model.
PERPETRATOR_ONLY = {
    model: tuple(name for name, c in fields.items() if c == Compartment.PERPETRATOR)
    for model, fields in COMPARTMENTS.items()
}


def compartment_of(obj: models.Model, field: str) -> str:
    """The compartment of one field of one status change or session."""
    declared = COMPARTMENTS[type(obj)][field]
    if declared != BY_RECORD:
        return declared
    if isinstance(obj, StatusChange):
        return obj.entry.compartment
    return obj.compartment
