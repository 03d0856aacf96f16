import datetime
from dataclasses import dataclass

import pytest

from asap.accounts.enums import OrganisationKind, Role
from asap.accounts.models import User
from asap.cases import access, services
from asap.cases.models import JointCase
from tests.factories import OrganisationFactory, agreement_between, persona


@dataclass
class Team:
    case: JointCase
    vss: User
    pp: User
    police: User

    def access(self, who: str) -> access.CaseAccess:
        return access.case_for(getattr(self, who), self.case.pk)


@pytest.fixture
def team(db) -> Team:
    """A case the VSS opened, with the programme and the police taking part, and her consent
    to sharing with the programme."""
    vss_org = OrganisationFactory(kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
    pp_org = OrganisationFactory(kind=OrganisationKind.PERPETRATOR_PROGRAMME)
    police_org = OrganisationFactory(kind=OrganisationKind.POLICE)
    vss = persona(Role.CASE_WORKER, vss_org)
    pp = persona(Role.CASE_WORKER, pp_org)
    police = persona(Role.CASE_WORKER, police_org)
    case = services.open_case(
        actor=vss, organisation=vss_org, perpetrator_name="Luca (test)", victim_name="Anna Bianchi"
    )
    vss_access = access.case_for(vss, case.pk)
    agreement_between(vss_org, pp_org)
    agreement_between(vss_org, police_org)
    agreement_between(pp_org, police_org)
    for worker, organisation in [(pp, pp_org), (police, police_org)]:
        services.invite_agency(actor=vss, access=vss_access, organisation=organisation)
        invitation = access.invitations_for(worker).get(organisation=organisation)
        services.accept_invitation(actor=worker, invitation=invitation, member=worker)
    services.record_consent(
        actor=vss,
        access=vss_access,
        scopes=["perpetrator_programme"],
        given_on=datetime.date(2026, 1, 2),
    )
    return Team(case=case, vss=vss, pp=pp, police=police)
