"""A case opened by a perpetrator programme's partner contact lists the programme on the
victim side. Its data-protection officer handles the woman's data there only while no victim
support service took part (everything of hers was then recorded by the programme's own partner
contacts); once a service took part, her data is the service's officer's to handle, and the
programme's officer handles his, as on any case."""

import datetime

import pytest

from asap.accounts.enums import OrganisationKind, Role
from asap.cases import access, services
from asap.cases.enums import ProtectedKind
from asap.cases.models import Person
from asap.dataprotection.enums import RequestKind
from asap.dataprotection.sides import NotYourSide, officer_access
from tests.factories import OrganisationFactory, agreement_between, persona

pytestmark = pytest.mark.django_db

HER_ADDRESS = "CANARY-PARTNER-CONTACT-ADDRESS-5e1d"


@pytest.fixture
def opened_by_contact():
    pp = OrganisationFactory(name="Programme", kind=OrganisationKind.PERPETRATOR_PROGRAMME)
    vss = OrganisationFactory(name="Shelter", kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
    contact = persona(Role.PARTNER_CONTACT, pp)
    case = services.open_case(
        actor=contact,
        organisation=pp,
        perpetrator_name="Him (partner contact case)",
        victim_name="Her (partner contact case)",
        programme_start=datetime.date(2026, 1, 12),
    )
    contact_access = access.case_for(contact, case.pk)
    woman = Person.objects.visible_to(contact_access).get(role="victim")
    services.record_protected_detail(
        actor=contact,
        access=contact_access,
        person=woman,
        kind=ProtectedKind.ADDRESS,
        value=HER_ADDRESS,
    )
    return {
        "case": case,
        "pp": pp,
        "vss": vss,
        "contact": contact,
        "pp_officer": persona(Role.DATA_PROTECTION_OFFICER, pp),
        "vss_officer": persona(Role.DATA_PROTECTION_OFFICER, vss),
    }


def her_addresses(officer, case) -> list[str]:
    from asap.cases.models import ProtectedDetail

    officer_on_case = officer_access(officer, case, RequestKind.ACCESS, "victim")
    return [d.value for d in ProtectedDetail.objects.visible_to(officer_on_case)]


def join_the_shelter(world) -> None:
    shelter_worker = persona(Role.CASE_WORKER, world["vss"])
    agreement_between(world["pp"], world["vss"])
    services.invite_agency(
        actor=world["contact"],
        access=access.case_for(world["contact"], world["case"].pk),
        organisation=world["vss"],
    )
    invitation = access.invitations_for(shelter_worker).get(organisation=world["vss"])
    services.accept_invitation(actor=shelter_worker, invitation=invitation, member=shelter_worker)


def test_the_programmes_officer_handles_her_data_while_only_its_partner_contact_holds_it(
    opened_by_contact,
):
    case = opened_by_contact["case"]
    assert her_addresses(opened_by_contact["pp_officer"], case) == [HER_ADDRESS]


def test_once_a_shelter_took_part_her_data_is_its_officers_not_the_programmes(
    opened_by_contact,
):
    join_the_shelter(opened_by_contact)
    case = opened_by_contact["case"]
    for what in (RequestKind.ACCESS, RequestKind.ERASURE):
        with pytest.raises(NotYourSide):
            officer_access(opened_by_contact["pp_officer"], case, what, "victim")
    assert her_addresses(opened_by_contact["vss_officer"], case) == [HER_ADDRESS]
    # The programme's officer handles his data there, as on any case.
    his = officer_access(opened_by_contact["pp_officer"], case, RequestKind.ACCESS, "perpetrator")
    assert (his.side, his.organisation) == ("perpetrator", opened_by_contact["pp"])


@pytest.mark.parametrize("shelter", [False, True])
def test_the_programmes_retention_report_counts_her_records_only_without_a_shelter(
    opened_by_contact, shelter
):
    """The retention report counts the records of a due case for the organisation that
    handles her data there: the programme while only its partner contact took part, not
    once a shelter did (then it lists the case without counts, as for the perpetrator side)."""
    from django.utils import timezone

    from asap.dataprotection.services import retention
    from tests.dataprotection.conftest import close_case

    case, pp = opened_by_contact["case"], opened_by_contact["pp"]
    if shelter:
        join_the_shelter(opened_by_contact)
    close_case(case, years_ago=6)
    items = [
        item
        for item in retention.due_items([pp.pk], timezone.localdate())
        if item["case_id"] == case.pk
    ]
    assert items
    if shelter:
        assert {(item["side"], item["records"]) for item in items} == {("perpetrator", None)}
    else:
        assert {item["side"] for item in items} == {"victim"}
        assert any(item["records"] for item in items)
