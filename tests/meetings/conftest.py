import datetime

import pytest
from django.utils import timezone

from asap.cases import access
from asap.cases import services as cases
from tests.factories import agreement_between

WOMAN = "Ornella Pizzigoni (test)"
ADDRESS = "Vicolo delle Ortensie 9 (test)"


@pytest.fixture
def joint_case(vss_worker, pp_worker, pp):
    """A case the women's centre opened (her name and address recorded) and the
    programme joined."""
    vss = vss_worker.active_memberships[0].organisation
    case = cases.open_case(
        actor=vss_worker,
        organisation=vss,
        perpetrator_name="Rocco Vendramini (test)",
        victim_name=WOMAN,
        programme_start=datetime.date(2026, 1, 12),
        intervention_start=datetime.date(2026, 2, 2),
    )
    vss_access = access.case_for(vss_worker, case.pk)
    woman = next(p for p in access.persons_for(vss_access) if p.role == "victim")
    cases.record_protected_detail(
        actor=vss_worker,
        access=vss_access,
        person=access.person_for(vss_access, woman.pk),
        kind="address",
        value=ADDRESS,
    )
    agreement_between(vss, pp)
    cases.invite_agency(actor=vss_worker, access=vss_access, organisation=pp)
    invitation = access.invitations_for(pp_worker).get(organisation=pp)
    cases.accept_invitation(actor=pp_worker, invitation=invitation, member=pp_worker)
    return case


def at(day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 5, day, hour))
