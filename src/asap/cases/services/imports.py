"""Importing an existing caseload: every checked row opens a case, all in one transaction.

The rows come from `asap.cases.caseload.read`, which names the row and column of every error;
the view calls `import_caseload` only when there is none, and a failure of any row here (a
worker who left meanwhile) rolls every case back.
"""

from typing import Any

from django.db import transaction

from asap.accounts.models import Organisation
from asap.cases.access import CaseAccess
from asap.cases.caseload import CaseRow
from asap.cases.enums import Compartment, EntryKind, PersonRole
from asap.cases.models import CaseMember, JointCase
from asap.cases.services.membership import add_member, open_case, record_timeline, set_risk_level
from asap.cases.services.records import add_person
from asap.core import audit


def import_caseload(
    *, actor: Any, organisation: Organisation, rows: list[CaseRow]
) -> list[tuple[CaseRow, JointCase]]:
    """Open a case for each row, led by its first worker, with its other workers, children,
    phase, dates and risk level; all or nothing. Side effects per case: those of `open_case`,
    `add_member`, `add_person` and `set_risk_level` (the actor is the importing coordinator);
    a CASE_IMPORTED timeline entry; audit `case.import`."""
    opened = []
    with transaction.atomic():
        for row in rows:
            opened.append((row, _import_one(actor, organisation, row)))
    return opened


def _import_one(actor: Any, organisation: Organisation, row: CaseRow) -> JointCase:
    lead, *colleagues = row.workers
    dates = {"programme_start": row.programme_start, "intervention_start": row.intervention_start}
    case = open_case(
        actor=actor,
        organisation=organisation,
        perpetrator_name=row.perpetrator_name,
        victim_name=row.victim_name,
        phase=row.phase,
        lead=lead,
        **{name: value for name, value in dates.items() if value},
    )
    # The later writes go through the lead's membership: what the case's own worker could do.
    member = CaseMember.objects.select_related("organisation").get(case=case, user=lead)
    lead_access = CaseAccess(case=case, user=lead, member=member)
    for colleague in colleagues:
        add_member(actor=actor, access=lead_access, user=colleague)
    for name in row.children:
        add_person(actor=actor, access=lead_access, role=PersonRole.CHILD, name=name)
    if row.risk_level:
        set_risk_level(actor=actor, access=lead_access, risk_level=row.risk_level, alert=False)
    record_timeline(
        case=case,
        kind=EntryKind.CASE_IMPORTED,
        compartment=Compartment.JOINT,
        actor=actor,
        organisation_id=organisation.pk,
        title=organisation.name,
    )
    audit.record(
        actor=actor,
        action="case.import",
        obj=case,
        organisation_id=organisation.pk,
        case_id=case.pk,
        fields=["workers", "children", "risk_level"],
    )
    return case
