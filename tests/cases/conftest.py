"""A joint case of a support service and a programme, both taking part (built through the
services), for the tests of the case page."""

import pytest

from asap.cases import access, services
from tests.factories import agreement_between


@pytest.fixture
def joint_case(db, vss, pp, vss_worker, pp_worker):
    case = services.open_case(
        actor=vss_worker, organisation=vss, perpetrator_name="Luca Rossi (tasks)"
    )
    agreement_between(vss, pp)
    services.invite_agency(
        actor=vss_worker, access=access.case_for(vss_worker, case.pk), organisation=pp
    )
    invitation = access.invitations_for(pp_worker).get(organisation=pp)
    services.accept_invitation(actor=pp_worker, invitation=invitation, member=pp_worker)
    return case
