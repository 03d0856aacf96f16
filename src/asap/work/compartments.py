"""Who may read each field of each work model (see `asap.cases.compartments`).

A dismissal is filed "by record": its `compartment` is the dismissing member's own side's
(victim, perpetrator; joint for another agency), and the policy adds that only its author
reads it. A team's "done" is read by the members of the side that marked it ("by side").
"""

from django.db import models

from asap.work.models import Dismissal, TeamDone

BY_RECORD = "by record"
BY_SIDE = "by side"

COMPARTMENTS: dict[type[models.Model], dict[str, str]] = {
    Dismissal: dict.fromkeys(
        ["id", "user", "key", "case", "compartment", "recorded_side", "reason", "dismissed_at"],
        BY_RECORD,
    ),
    TeamDone: dict.fromkeys(["id", "case", "side", "key", "done_by", "done_at"], BY_SIDE),
}
