import pytest

from asap.accounts.enums import OrganisationKind, Role
from asap.agreements import services
from asap.agreements.enums import AgreementLevel
from asap.agreements.standard import standard_text
from tests.factories import OrganisationFactory, persona


@pytest.fixture
def vss_coordinator(vss):
    return persona(Role.COORDINATOR, vss)


@pytest.fixture
def police():
    return OrganisationFactory(name="City Police (test)", kind=OrganisationKind.POLICE)


@pytest.fixture
def draft(coordinator, pp, vss):
    """The programme's coordinator drafted the standard agreement with the women's centre."""
    return services.draft_agreement(
        actor=coordinator,
        level=AgreementLevel.ORGANISATION,
        organisation=pp,
        parties=[vss],
        **standard_text(AgreementLevel.ORGANISATION),
    )


def sign_all(agreement, signatories):
    """Send `agreement` and have each (user, organisation) sign for their agency."""
    agreement = services.send_agreement(actor=signatories[0][0], agreement=agreement)
    for user, organisation in signatories:
        party = agreement.parties.get(organisation=organisation)
        agreement = services.sign_agreement(
            actor=user, agreement=agreement, party=party, role=Role.COORDINATOR
        )
    return agreement


@pytest.fixture
def signed(draft, coordinator, pp, vss_coordinator, vss):
    return sign_all(draft, [(coordinator, pp), (vss_coordinator, vss)])
