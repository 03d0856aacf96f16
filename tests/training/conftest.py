import datetime

import pytest
from django.utils import timezone

from asap.accounts.enums import OrganisationKind, Role
from asap.training import services
from asap.training.enums import EventFormat, EventLevel
from tests.factories import OrganisationFactory, persona


@pytest.fixture
def academy():
    return OrganisationFactory(kind=OrganisationKind.OTHER, name="Training academy (test)")


@pytest.fixture
def trainer(academy):
    return persona(Role.TRAINER, academy)


@pytest.fixture
def starts():
    return timezone.make_aware(datetime.datetime(2026, 9, 14, 9, 0))


@pytest.fixture
def make_event(trainer, academy, starts):
    def make(*, modules=("gender-based-violence", "child-protection"), online=True, **extra):
        details = {
            "title": "National training event, Rome (test)",
            "level": EventLevel.NATIONAL,
            "format": EventFormat.ONLINE if online else EventFormat.IN_PERSON,
            "language": "en",
            "venue": "" if online else "Via Roma 1, Rome",
            "link": "https://meet.example.org/asap-training" if online else "",
            "trainers": "A. Trainer, B. Trainer",
            "capacity": None,
            **extra,
        }
        return services.create_event(
            actor=trainer,
            organisation=academy,
            module_keys=list(modules),
            starts_at=starts,
            **details,
        )

    return make


@pytest.fixture
def event(make_event):
    return make_event()
