"""A case the victim side opened, with the programme (a worker and its partner contact) and
the police taking part, her consent to sharing with the programme, and outsiders: a
coordinator of the programme who is not a member and a worker of an unrelated agency."""

import datetime
from dataclasses import dataclass

import pytest

from asap.accounts.enums import OrganisationKind, Role
from asap.accounts.models import User
from asap.cases import access, services
from asap.cases.models import JointCase
from asap.justice import services as justice
from asap.justice.models import CourtCondition, Proceeding, ProtectionOrder
from tests.factories import OrganisationFactory, agreement_between, persona

AUTHORITY = "CANARYISSUEDBYa41c"  # the authority of her protected order
CONDITIONS = "CANARYCONDITIONSb52d"  # its other conditions (where she lives)
COURT = "CANARYCOURTc63e"  # the court of her protected family proceeding


@dataclass
class Team:
    case: JointCase
    vss: User
    pp: User
    partner_contact: User
    police: User
    coordinator: User
    unrelated: User

    def access(self, who: str) -> access.CaseAccess:
        return access.case_for(getattr(self, who), self.case.pk)


@pytest.fixture
def team(db) -> Team:
    vss_org = OrganisationFactory(kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
    pp_org = OrganisationFactory(kind=OrganisationKind.PERPETRATOR_PROGRAMME)
    police_org = OrganisationFactory(kind=OrganisationKind.POLICE)
    vss = persona(Role.CASE_WORKER, vss_org)
    pp = persona(Role.CASE_WORKER, pp_org)
    police = persona(Role.CASE_WORKER, police_org)
    case = services.open_case(
        actor=vss,
        organisation=vss_org,
        perpetrator_name="Marco Bianchi (test)",
        victim_name="CANARYHERNAMEd74f",
        programme_start=datetime.date(2026, 1, 5),
    )
    vss_access = access.case_for(vss, case.pk)
    agreement_between(vss_org, pp_org)
    agreement_between(vss_org, police_org)
    agreement_between(pp_org, police_org)
    for worker, organisation in [(pp, pp_org), (police, police_org)]:
        services.invite_agency(actor=vss, access=vss_access, organisation=organisation)
        invitation = access.invitations_for(worker).get(organisation=organisation)
        services.accept_invitation(actor=worker, invitation=invitation, member=worker)
    partner_contact = persona(Role.PARTNER_CONTACT, pp_org)
    services.add_member(actor=pp, access=access.case_for(pp, case.pk), user=partner_contact)
    services.record_consent(
        actor=vss,
        access=vss_access,
        scopes=["perpetrator_programme"],
        given_on=datetime.date(2026, 1, 2),
    )
    return Team(
        case=case,
        vss=vss,
        pp=pp,
        partner_contact=partner_contact,
        police=police,
        coordinator=persona(Role.COORDINATOR, pp_org),
        unrelated=persona(Role.CASE_WORKER),
    )


def order_values(**overrides) -> dict:
    return {
        "kind": "protection",
        "issuing_authority": "Family court (test)",
        "issued_on": datetime.date(2026, 2, 1),
        "valid_from": datetime.date(2026, 2, 1),
        "valid_until": datetime.date(2026, 8, 1),
        "minimum_distance_m": 500,
        "no_contact": True,
        "other_conditions": "",
        "protects": "both",
        **overrides,
    }


def proceeding_values(**overrides) -> dict:
    return {
        "kind": "criminal",
        "court": "Criminal court (test)",
        "reference": "RG 123/2026",
        "next_hearing": datetime.date(2026, 3, 10),
        "status": "ongoing",
        "note": "",
        **overrides,
    }


def condition_values(**overrides) -> dict:
    return {
        "ordered_by": "Criminal court (test)",
        "ordered_on": datetime.date(2026, 1, 3),
        "reference": "RG 99/2025",
        "required_sessions": 24,
        "report_to": "probation",
        "reporting_interval": "quarterly",
        "other_conditions": "",
        **overrides,
    }


def record(team: Team, who: str, model, compartment: str, **values):
    defaults = {
        ProtectionOrder: order_values,
        Proceeding: proceeding_values,
        CourtCondition: condition_values,
    }[model]
    return justice.record_court_record(
        actor=getattr(team, who),
        access=team.access(who),
        model=model,
        compartment=compartment,
        **defaults(**values),
    )


@pytest.fixture
def her_protected_order(team):
    """The victim side's order, protected, with canaries where places would be written."""
    return record(
        team,
        "vss",
        ProtectionOrder,
        "protected",
        issuing_authority=AUTHORITY,
        other_conditions=CONDITIONS,
    )
