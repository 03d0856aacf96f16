"""The justice app's records on the world case, made through its services.

Her order and her family proceeding are protected: their issuing authority, conditions and
court are canaries (they could name where she lives). His order and court condition are
joint, recorded by the programme; the police's proceeding is joint too. A draft progress
report of the programme completes the pages to crawl.
"""

import datetime

from asap.cases import access
from asap.justice import services
from asap.justice.models import CourtCondition, Proceeding, ProtectionOrder
from tests.cases.world import canary
from tests.justice.conftest import condition_values, order_values, proceeding_values


def plant(case, people, canaries) -> dict[str, int]:
    for name in ["order_authority", "order_conditions", "proceeding_court"]:
        canaries[name] = canary(name)

    def add(who: str, model, compartment: str, values: dict):
        worker = people[who]
        return services.record_court_record(
            actor=worker,
            access=access.case_for(worker, case.pk),
            model=model,
            compartment=compartment,
            **values,
        )

    her_order = add(
        "victim_side",
        ProtectionOrder,
        "protected",
        order_values(
            issuing_authority=canaries["order_authority"],
            other_conditions=canaries["order_conditions"],
        ),
    )
    her_proceeding = add(
        "victim_side",
        Proceeding,
        "protected",
        proceeding_values(kind="family", court=canaries["proceeding_court"]),
    )
    his_order = add("perpetrator_side", ProtectionOrder, "joint", order_values(kind="restraining"))
    police_proceeding = add("other_agency", Proceeding, "joint", proceeding_values())
    condition = add("perpetrator_side", CourtCondition, "joint", condition_values())
    pp = people["perpetrator_side"]
    report = services.draft_report(
        actor=pp,
        access=access.case_for(pp, case.pk),
        period_from=datetime.date(2026, 1, 1),
        period_to=datetime.date(2026, 1, 31),
        report_to="probation",
        recipient="Probation office (world)",
        covering_note="He attends regularly.",
        condition=condition,
    )
    return {
        "order_protected": her_order.pk,
        "order_joint": his_order.pk,
        "proceeding_protected": her_proceeding.pk,
        "proceeding_agency": police_proceeding.pk,
        "condition": condition.pk,
        "progress_report": report.pk,
    }
