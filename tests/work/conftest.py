"""A joint case for My work: a victim support service's worker, and a perpetrator
programme's facilitator and partner contact (victim side), with her consent for the
programme."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from asap.accounts.enums import OrganisationKind, Role
from asap.accounts.models import Organisation, User
from asap.cases import access, services
from asap.cases.access import CaseAccess
from asap.cases.models import JointCase
from asap.work.queries import items_for
from tests.factories import OrganisationFactory, agreement_between, persona


@dataclass
class Team:
    case: JointCase
    vss: User  # victim support worker (victim side, lead)
    pp: User  # programme facilitator (perpetrator side, lead)
    partner: User  # the programme's partner contact (victim side)
    vss_org: Organisation
    pp_org: Organisation

    def access(self, who: str, case: JointCase | None = None) -> CaseAccess:
        return access.case_for(getattr(self, who), (case or self.case).pk)

    def keys(self, who: str, kind: str | None = None) -> list[str]:
        return [i.key for i in items_for(getattr(self, who)) if kind is None or i.kind == kind]


def open_joint_case(team_or_orgs, vss: User, pp: User, partner: User | None = None, **dates):
    """VSS opens a case, invites the programme (its `pp` accepts and adds `partner`), and
    records her consent for the programme."""
    vss_org, pp_org = team_or_orgs
    case = services.open_case(
        actor=vss,
        organisation=vss_org,
        perpetrator_name="Marco (work test)",
        victim_name="Anna (work test)",
        **dates,
    )
    services.invite_agency(actor=vss, access=access.case_for(vss, case.pk), organisation=pp_org)
    invitation = access.invitations_for(pp).get(case=case)
    services.accept_invitation(actor=pp, invitation=invitation, member=pp)
    if partner is not None:
        services.add_member(actor=pp, access=access.case_for(pp, case.pk), user=partner)
    services.record_consent(
        actor=vss,
        access=access.case_for(vss, case.pk),
        scopes=["perpetrator_programme"],
        given_on=datetime.date(2026, 1, 5),
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def team(db) -> Team:
    vss_org = OrganisationFactory(kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
    pp_org = OrganisationFactory(kind=OrganisationKind.PERPETRATOR_PROGRAMME)
    agreement_between(vss_org, pp_org)
    vss = persona(Role.CASE_WORKER, vss_org)
    pp = persona(Role.CASE_WORKER, pp_org)
    partner = persona(Role.PARTNER_CONTACT, pp_org)
    case = open_joint_case((vss_org, pp_org), vss, pp, partner)
    return Team(case, vss, pp, partner, vss_org, pp_org)


def today() -> datetime.date:
    return timezone.localdate()
