"""The agreements' records on the world case (tests/cases/world.py): the organisations level
agreement the invitations needed, and a draft case level agreement of every agency in it."""

from asap.agreements import queries, services
from asap.agreements.enums import AgreementLevel
from asap.agreements.standard import standard_text


def plant(case, people, canaries) -> dict[str, int]:
    vss_worker = people["victim_side"]
    vss = vss_worker.active_memberships[0].organisation
    pp = people["perpetrator_side"].active_memberships[0].organisation
    police = people["other_agency"].active_memberships[0].organisation
    draft = services.draft_agreement(
        actor=vss_worker,
        level=AgreementLevel.CASE,
        organisation=vss,
        parties=[pp, police],
        case=case,
        **standard_text(AgreementLevel.CASE, case_code=case.code),
    )
    return {
        "case_agreement": draft.pk,
        "organisation_agreement": queries.agreement_in_force(vss, pp).pk,
    }
