"""A training event next to the world's case, planted through the services.

Training holds no case data: no canary is planted here. The crawl proves that the public
pages (registration, a participant's personal page and questionnaires, a certificate and its
verification) carry none of the case's canaries, and that they do not break for anyone.
"""

import datetime

from django.utils import timezone

from asap.accounts.enums import OrganisationKind, Role
from asap.training import services
from asap.training.enums import EventFormat, EventLevel, RegisteredBy
from tests.factories import OrganisationFactory, persona


def plant(case, people, canaries) -> dict[str, int]:
    academy = OrganisationFactory(kind=OrganisationKind.OTHER, name="Training academy (world)")
    trainer = persona(Role.TRAINER, academy)
    event = services.create_event(
        actor=trainer,
        organisation=academy,
        module_keys=["gender-based-violence", "child-protection"],
        starts_at=timezone.make_aware(datetime.datetime(2026, 5, 4, 9)),
        title="World training event",
        level=EventLevel.EU,
        format=EventFormat.ONLINE,
        language="en",
        venue="",
        link="https://meet.example.org/world-training",
        trainers="World trainer",
        capacity=30,
    )
    participant = services.register_participant(
        actor=trainer,
        event=event,
        by=RegisteredBy.TRAINER,
        name="World participant",
        email="participant@example.org",
        profile="psychologist",
        agency_kind="victim_support_service",
        country="IT",
    )
    session = event.sessions.first()
    services.set_attendance(actor=trainer, event=event, present={(participant.pk, session.pk)})
    services.issue_certificates(actor=trainer, event=event)
    return {
        "training_event": event.pk,
        "training_participant": participant.pk,
        "training_session": session.pk,
    }
