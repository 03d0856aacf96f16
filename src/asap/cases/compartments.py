"""Who may read each field of each case model.

Protected fields locate or identify the woman and the children and reach victim-side members
only. "by role": the person's role decides; "by record": the row's own `compartment` column
(or, for a share, its entry's) decides. `compartment_of(obj, field)` answers for one field.
"""

from django.db import models

from asap.cases.enums import Compartment, PersonRole
from asap.cases.models import (
    CaseAgency,
    CaseMember,
    ChildAssessmentPreparation,
    Consent,
    JointCase,
    Person,
    PersonNamePart,
    ProtectedDetail,
    Share,
    TimelineEntry,
)

P, V, J, X = (
    Compartment.PERPETRATOR,
    Compartment.VICTIM,
    Compartment.JOINT,
    Compartment.PROTECTED,
)
COMPARTMENTS: dict[type[models.Model], dict[str, str]] = {
    JointCase: dict.fromkeys(
        [
            "id",
            "code",
            "phase",
            "status",
            "risk_level",
            "programme_start",
            "intervention_start",
            "programme_end",
            "follow_up_date",
            "next_due",
            "next_action_due",
            "closed_on",
            "closing_reason",
            "opened_by",
            "opened_at",
            "updated_at",
            "version",
        ],
        J,
    ),
    CaseAgency: {
        **dict.fromkeys(
            [
                "id",
                "case",
                "organisation",
                "side",
                "status",
                "invited_by",
                "invited_at",
                "message",
                "responded_by",
                "responded_at",
                "decline_reason",
            ],
            J,
        ),
    },
    CaseMember: dict.fromkeys(
        [
            "id",
            "case",
            "user",
            "organisation",
            "side",
            "is_lead",
            "is_active",
            "joined_at",
            "left_at",
        ],
        J,
    ),
    Person: {
        **dict.fromkeys(
            ["id", "case", "role", "number", "year_of_birth", "gender", "created_at", "version"],
            J,
        ),
        "name": "by role",
        "name_index": "by role",
    },
    # A blind index of a part of the name: read like the name itself.
    PersonNamePart: dict.fromkeys(["id", "case", "person", "role", "digest"], "by role"),
    ProtectedDetail: dict.fromkeys(
        ["id", "case", "person", "kind", "value", "recorded_by", "recorded_at", "version"], X
    ),
    TimelineEntry: dict.fromkeys(
        [
            "id",
            "case",
            "at",
            "kind",
            "compartment",
            "recorded_side",
            "author",
            "organisation",
            "title",
            "body",
            "edited_at",
            "version",
        ],
        "by record",
    ),
    # A share is read with the entry it opens: by the owning side and the side it names.
    Share: dict.fromkeys(
        [
            "id",
            "case",
            "entry",
            "with_side",
            "purpose",
            "shared_by",
            "shared_at",
            "withdrawn_by",
            "withdrawn_at",
        ],
        "by record",
    ),
    Consent: dict.fromkeys(
        [
            "id",
            "case",
            "given_by",
            "scopes",
            "given_on",
            "note",
            "recorded_by",
            "recorded_at",
            "withdrawn_on",
            "withdrawn_by",
            "version",
        ],
        "by giver",
    ),
    ChildAssessmentPreparation: dict.fromkeys(
        [
            "id",
            "case",
            "child",
            "parent_consent_on",
            "consenting_parent",
            "court_or_guardian_route",
            "child_informed",
            "child_agrees",
            "support_person",
            "rights_explained",
            "may_record",
            "gender_and_needs",
            "professional_gender",
            "prepared_by",
            "prepared_at",
            "version",
        ],
        J,
    ),
}

# A perpetrator's name is known to every member; the woman's and the children's identify them.
NAME_COMPARTMENT = {PersonRole.PERPETRATOR: J, PersonRole.VICTIM: X, PersonRole.CHILD: X}


def compartment_of(obj: models.Model, field: str) -> str:
    """The compartment of one field of one object."""
    declared = COMPARTMENTS[type(obj)][field]
    if declared == "by role":
        return NAME_COMPARTMENT[obj.role]
    if declared == "by giver":  # her consent: victim side; his waiver: perpetrator side
        return V if obj.given_by == PersonRole.VICTIM else P
    if declared == "by record":
        return obj.entry.compartment if isinstance(obj, Share) else obj.compartment
    return declared
