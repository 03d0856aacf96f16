"""A joint case worked on by a victim support service and a perpetrator programme."""

import datetime
from dataclasses import dataclass

import pytest

from asap.accounts.enums import OrganisationKind, Role
from asap.accounts.models import User
from asap.cases import access, services
from asap.cases.access import CaseAccess
from asap.cases.models import JointCase
from tests.factories import OrganisationFactory, agreement_between, persona
from tests.pdf import pdf_text as read_pdf


@dataclass
class Couple:
    case: JointCase
    vss: User
    pp: User
    police: User

    def access(self, user: User) -> CaseAccess:
        return access.case_for(user, self.case.pk)


@pytest.fixture
def couple(db) -> Couple:
    """VSS opens the case (follow-up on 2026-06-01) and invites the PP and the police."""
    vss_org = OrganisationFactory(kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
    pp_org = OrganisationFactory(kind=OrganisationKind.PERPETRATOR_PROGRAMME)
    police_org = OrganisationFactory(kind=OrganisationKind.POLICE)
    vss = persona(Role.CASE_WORKER, vss_org)
    pp = persona(Role.CASE_WORKER, pp_org)
    police = persona(Role.CASE_WORKER, police_org)
    case = services.open_case(
        actor=vss,
        organisation=vss_org,
        perpetrator_name="Marco (test)",
        victim_name="Anna (test)",
        follow_up_date=datetime.date(2026, 6, 1),
    )
    vss_access = access.case_for(vss, case.pk)
    # An agency joins only bound by an agreement with every organisation taking part.
    agreement_between(vss_org, pp_org)
    agreement_between(vss_org, police_org)
    agreement_between(pp_org, police_org)
    for worker, organisation in [(pp, pp_org), (police, police_org)]:
        services.invite_agency(actor=vss, access=vss_access, organisation=organisation)
        invitation = access.invitations_for(worker).get(organisation=organisation)
        services.accept_invitation(actor=worker, invitation=invitation, member=worker)
    # Her consent for the programme and other agencies: without it the joint rows the
    # victim side records stay with the victim side (tests of that make their own case).
    services.record_consent(
        actor=vss,
        access=access.case_for(vss, case.pk),
        scopes=["perpetrator_programme", "other_agencies"],
        given_on=datetime.date(2026, 1, 5),
    )
    case.refresh_from_db()
    return Couple(case=case, vss=vss, pp=pp, police=police)


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF without any whitespace (table cells wrap words across lines)."""
    return read_pdf(pdf, squeeze=True)
