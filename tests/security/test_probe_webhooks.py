"""Probe: an organisation's system hears of her news only when its organisation is of the
victim side, whoever opened the case.

A case opened by a perpetrator programme's partner contact lists the programme as taking part
on the victim side (the side of the worker who opened it, `CaseAgency.side`), while the
programme's case workers on it are of the perpetrator side. The programme's webhook endpoint
is its organisation's system, run by its administrators: it must not be told of her unshared
episode, as none of the programme's perpetrator-side workers is. The victim support service's
system is (positive control), and a joint event reaches both.
"""

import datetime

import pytest

from asap.accounts.enums import OrganisationKind, Role
from asap.cases import access, services
from asap.episodes import services as episodes
from asap.webhooks.delivery import body_of
from asap.webhooks.enums import EventKind
from asap.webhooks.events import emit
from asap.webhooks.models import WebhookDelivery
from tests.episodes.conftest import episode_values
from tests.factories import OrganisationFactory, agreement_between, persona
from tests.webhooks.conftest import register

pytestmark = pytest.mark.django_db

HER_NAME = "CANARYWEBHOOKNAME7f3a"


def reached(kind: str) -> dict[str, list[bytes]]:
    """The organisations whose system got `kind`, by name, with the bodies sent."""
    found: dict[str, list[bytes]] = {}
    for delivery in WebhookDelivery.objects.filter(event=kind).select_related("endpoint"):
        found.setdefault(delivery.endpoint.organisation.name, []).append(body_of(delivery))
    return found


def test_a_case_opened_by_the_programmes_partner_contact_tells_its_system_nothing_of_her(
    settings, django_capture_on_commit_callbacks
):
    settings.ASAP_WEBHOOKS_ALLOW_LOOPBACK = True
    pp = OrganisationFactory(name="Programme", kind=OrganisationKind.PERPETRATOR_PROGRAMME)
    vss = OrganisationFactory(name="Shelter", kind=OrganisationKind.VICTIM_SUPPORT_SERVICE)
    contact, his_worker = persona(Role.PARTNER_CONTACT, pp), persona(Role.CASE_WORKER, pp)
    shelter_worker = persona(Role.CASE_WORKER, vss)
    case = services.open_case(
        actor=contact,
        organisation=pp,
        perpetrator_name="Him (probe)",
        victim_name=HER_NAME,
        programme_start=datetime.date(2026, 1, 12),
    )
    contact_access = access.case_for(contact, case.pk)
    services.add_member(actor=contact, access=contact_access, user=his_worker)
    agreement_between(pp, vss)
    services.invite_agency(actor=contact, access=contact_access, organisation=vss)
    invitation = access.invitations_for(shelter_worker).get(organisation=vss)
    services.accept_invitation(actor=shelter_worker, invitation=invitation, member=shelter_worker)
    for organisation in (pp, vss):
        register(organisation, f"http://127.0.0.1:9/hooks/{organisation.pk}")
    assert access.case_for(his_worker, case.pk).side == "perpetrator"

    with django_capture_on_commit_callbacks(execute=True):
        episodes.record_episode(
            actor=contact, access=access.case_for(contact, case.pk), **episode_values()
        )
        emit(EventKind.MEETING_PROPOSED, case)

    assert sorted(reached(EventKind.EPISODE_RECORDED)) == ["Shelter"]
    assert sorted(reached(EventKind.MEETING_PROPOSED)) == ["Programme", "Shelter"]
    bodies = [body for bodies in reached(EventKind.MEETING_PROPOSED).values() for body in bodies]
    assert all(case.code.encode() in body and HER_NAME.encode() not in body for body in bodies)
