import datetime
from dataclasses import dataclass

import pytest
from django.test import Client

from asap.accounts.enums import OrganisationKind, Role
from asap.accounts.models import Organisation, User
from asap.cases import access, services
from asap.cases.models import JointCase
from tests.conftest import force_login_past_mfa
from tests.factories import OrganisationFactory, agreement_between, persona

REASON = "CANARY-PROGRAMME-REASON-6b1f"
NOTE = "CANARY-PROGRAMME-NOTE-d24e"


@dataclass
class Team:
    """A case the VSS opened, the programme and the police taking part: a VSS worker, a
    programme worker, the programme's child-protection lead (perpetrator side), its partner
    contact (victim side) and a police officer."""

    case: JointCase
    pp_org: Organisation
    vss: User
    pp: User
    lead: User
    partner: User
    police: User

    def access(self, who: str) -> access.CaseAccess:
        return access.case_for(getattr(self, who), self.case.pk)

    def client(self, who: str) -> Client:
        client = Client()
        force_login_past_mfa(client, getattr(self, who))
        return client


@pytest.fixture
def team(db) -> Team:
    vss_org = OrganisationFactory(kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
    pp_org = OrganisationFactory(kind=OrganisationKind.PERPETRATOR_PROGRAMME)
    police_org = OrganisationFactory(kind=OrganisationKind.POLICE)
    vss = persona(Role.CASE_WORKER, vss_org)
    pp = persona(Role.CASE_WORKER, pp_org)
    lead = persona(Role.CHILD_PROTECTION_LEAD, pp_org)
    partner = persona(Role.PARTNER_CONTACT, pp_org)
    police = persona(Role.CASE_WORKER, police_org)
    case = services.open_case(actor=vss, organisation=vss_org, perpetrator_name="Luca (test)")
    vss_access = access.case_for(vss, case.pk)
    agreement_between(vss_org, pp_org)
    agreement_between(vss_org, police_org)
    agreement_between(pp_org, police_org)
    for worker, organisation in [(pp, pp_org), (police, police_org)]:
        services.invite_agency(actor=vss, access=vss_access, organisation=organisation)
        invitation = access.invitations_for(worker).get(organisation=organisation)
        services.accept_invitation(actor=worker, invitation=invitation, member=worker)
    pp_access = access.case_for(pp, case.pk)
    for colleague in (lead, partner):
        services.add_member(actor=pp, access=pp_access, user=colleague)
    services.record_consent(
        actor=vss,
        access=vss_access,
        scopes=["perpetrator_programme"],
        given_on=datetime.date(2026, 1, 2),
    )
    return Team(case=case, pp_org=pp_org, vss=vss, pp=pp, lead=lead, partner=partner, police=police)
