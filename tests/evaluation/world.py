"""The evaluation records of the world: a network of the programme and the shelter, and a
row of the programme's stakeholder map.

The dashboards hold no protected field: they count. The crawl (crawl.py) proves that none
of the world's canaries (her name, the children's, the protected details, her answers)
reaches a dashboard, an export, a network page or the stakeholder map.
"""

from asap.accounts.enums import Role
from asap.evaluation import services


def plant(case, people, canaries) -> dict[str, int]:
    coordinator = people["coordinator"]
    programme = coordinator.organisations_where(Role.COORDINATOR)[0]
    shelter = people["victim_side"].active_memberships[0].organisation
    network = services.create_network(
        actor=coordinator,
        organisation=programme,
        name="Regional network (world)",
        description="The programme and the shelter pool their figures.",
        members=[shelter],
    )
    row = services.add_stakeholder(
        actor=coordinator,
        organisation=programme,
        need="Safe housing after the shelter (world)",
        name="Municipal housing office (world)",
        kind="housing",
        how="Invite them to the next Phase 1 team meeting",
        when="Spring",
        status="to_contact",
    )
    return {"evaluation_network": network.pk, "evaluation_stakeholder": row.pk}
