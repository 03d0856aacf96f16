"""The access door: every read of case data goes through here.

It applies three things, each on its own line so that tests can prove every branch:
membership (an active member of the case, or a coordinator of an agency taking part, who
sees metadata only), side (perpetrator, victim, agency), and compartment (what a side may
read, plus what was shared with it). Someone with no relationship to a case gets 404, never
a hint that the case exists; a member asking for more than their side allows gets 403.
"""

from asap.cases.access.core import (
    METADATA,
    READ,
    VICTIM_SIDE,
    CaseAccess,
    CaseRow,
    agencies_for,
    case_for,
    case_role_of,
    case_rows,
    cases_for,
    colleagues_for,
    invitation_for,
    invitations_for,
    members_for,
    readable_compartments,
    record_read,
    side_for,
)
from asap.cases.access.records import (
    PersonView,
    child_record,
    children_of,
    consent_for,
    consent_in_force,
    consents_for,
    entries_for,
    entry_for,
    mark_entries,
    person_for,
    persons_for,
    protected_detail_for,
    protected_details_for,
    share_for,
    shares_in_force,
    shares_visible_to,
    visible,
)

__all__ = [
    "METADATA",
    "READ",
    "VICTIM_SIDE",
    "CaseAccess",
    "CaseRow",
    "PersonView",
    "agencies_for",
    "case_for",
    "case_role_of",
    "case_rows",
    "cases_for",
    "child_record",
    "children_of",
    "colleagues_for",
    "consent_for",
    "consent_in_force",
    "consents_for",
    "entries_for",
    "entry_for",
    "invitation_for",
    "invitations_for",
    "mark_entries",
    "members_for",
    "person_for",
    "persons_for",
    "protected_detail_for",
    "protected_details_for",
    "readable_compartments",
    "record_read",
    "share_for",
    "shares_in_force",
    "shares_visible_to",
    "side_for",
    "visible",
]
