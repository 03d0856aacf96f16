"""Who may read each field of the justice app's models.

"by record": the record's timeline entry decides: the compartment its recorder chose among
those their side writes (an order or a proceeding the victim side records is protected by
default: see `asap.justice.enums.ORDER_DEFAULT`), and the shares of that entry. Every field
of one order goes with the record: a place named in its conditions (her address, the school)
is why the victim side's default is protected; another side cannot file anything protected,
and its form asks for no place.
A progress report is the programme's: perpetrator compartment, never shared.
"""

from django.db import models

from asap.cases.enums import Compartment
from asap.justice.models import CourtCondition, Proceeding, ProgressReport, ProtectionOrder

BY_RECORD = "by record"
COMMON = ["id", "case", "entry", "recorded_side", "recorded_by", "organisation"]
COMMON += ["recorded_at", "updated_at", "version"]

COMPARTMENTS: dict[type[models.Model], dict[str, str]] = {
    ProtectionOrder: dict.fromkeys(
        [
            *COMMON,
            "kind",
            "issuing_authority",
            "issued_on",
            "valid_from",
            "valid_until",
            "minimum_distance_m",
            "no_contact",
            "other_conditions",
            "protects",
        ],
        BY_RECORD,
    ),
    Proceeding: dict.fromkeys(
        [*COMMON, "kind", "court", "reference", "next_hearing", "status", "note"], BY_RECORD
    ),
    CourtCondition: dict.fromkeys(
        [
            *COMMON,
            "ordered_by",
            "ordered_on",
            "reference",
            "required_sessions",
            "report_to",
            "reporting_interval",
            "other_conditions",
        ],
        BY_RECORD,
    ),
    ProgressReport: dict.fromkeys(
        [
            "id",
            "case",
            "condition",
            "period_from",
            "period_to",
            "report_to",
            "recipient",
            "covering_note",
            "status",
            "figures",
            "created_by",
            "organisation",
            "created_at",
            "updated_at",
            "sent_by",
            "sent_at",
            "entry",
            "version",
        ],
        Compartment.PERPETRATOR,
    ),
}


def compartment_of(obj: models.Model, field: str) -> str:
    """The compartment of one field of one record (for an entry-owned record, the one it is
    filed under: a share of its entry may open it to another side)."""
    declared = COMPARTMENTS[type(obj)][field]
    if declared == BY_RECORD:
        return obj.entry.compartment
    return declared
