"""Who may read each field of each meetings model (see `asap.cases.compartments`).

Everything is joint: a meeting, its invitations and its minutes are read by every member of
the case. Nothing protected is held here; the venue, the link and the free text of the
minutes are checked against the case's protected details when the victim side writes them.
"""

from django.db import models

from asap.cases.enums import Compartment
from asap.meetings.models import Invitation, Meeting, Minutes

J = Compartment.JOINT
COMPARTMENTS: dict[type[models.Model], dict[str, str]] = {
    Meeting: dict.fromkeys(
        [
            "id",
            "case",
            "organisation",
            "type_key",
            "timeline_version",
            "title",
            "starts_at",
            "ends_at",
            "mode",
            "venue",
            "link",
            "status",
            "steps_done",
            "created_by",
            "created_at",
            "updated_at",
            "version",
            "calendar_sequence",
        ],
        J,
    ),
    Invitation: dict.fromkeys(["id", "meeting", "user", "invited_by", "invited_at"], J),
    Minutes: dict.fromkeys(
        [
            "id",
            "meeting",
            "attended",
            "decisions",
            "compartment",
            "written_by",
            "written_at",
            "updated_at",
            "version",
        ],
        J,
    ),
}
