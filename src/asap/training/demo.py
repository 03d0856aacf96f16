"""The demo's training event: an online event of two modules with three participants, two
of whom attended both sessions and hold a certificate. Fictional people only."""

import datetime
from typing import Any

from django.utils import timezone

from asap.training import services
from asap.training.enums import EventFormat, EventLevel, RegisteredBy
from asap.training.models import TrainingEvent

DEMO_EVENT_TITLE = "A.S.A.P. 2.0 online training (demo)"
PARTICIPANTS = [
    ("Valentina Moro", "v.moro@example.org", "psychologist", "perpetrator_programme", "IT"),
    ("Ivan Petrov", "i.petrov@example.org", "social_worker", "victim_support_service", "BG"),
    ("Eleni Papadopoulou", "e.papa@example.org", "partner_contact", "victim_support_service", "GR"),
]


def load(trainer: Any, organisation: Any) -> None:
    """Create the demo event once (a second load finds it by its title)."""
    if TrainingEvent.objects.filter(organisation=organisation, title=DEMO_EVENT_TITLE).exists():
        return
    starts = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    event = services.create_event(
        actor=trainer,
        organisation=organisation,
        module_keys=["gender-based-violence", "asap-protocol"],
        starts_at=starts - datetime.timedelta(days=7),
        title=DEMO_EVENT_TITLE,
        level=EventLevel.NATIONAL,
        format=EventFormat.ONLINE,
        language="en",
        link="https://meet.example.org/asap-demo",
        trainers="Anna Ricci",
        capacity=20,
    )
    people = [
        services.register_participant(
            actor=trainer,
            event=event,
            by=RegisteredBy.TRAINER,
            name=name,
            email=email,
            profile=profile,
            agency_kind=kind,
            country=country,
        )
        for name, email, profile, kind, country in PARTICIPANTS
    ]
    sessions = list(event.sessions.all())
    present = {(person.pk, session.pk) for person in people[:2] for session in sessions}
    present.add((people[2].pk, sessions[0].pk))
    services.set_attendance(actor=trainer, event=event, present=present)
    services.issue_certificates(actor=trainer, event=event)
