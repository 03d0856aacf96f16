"""Trainees and trainers of two agencies, and a helper that starts an attempt through the
services (the way the start button does)."""

import pytest

from asap.accounts.enums import OrganisationKind, Role
from asap.practice import casebook, services
from tests.factories import OrganisationFactory, persona


@pytest.fixture
def academy(db):
    return OrganisationFactory(
        name="Practice VSS (test)", kind=OrganisationKind.VICTIM_SUPPORT_SERVICE
    )


@pytest.fixture
def trainee(academy):
    return persona(Role.TRAINEE, academy)


@pytest.fixture
def second_trainee(academy):
    return persona(Role.TRAINEE, academy)


@pytest.fixture
def trainer(academy):
    return persona(Role.TRAINER, academy)


@pytest.fixture
def foreign_trainer(db):
    """A trainer of another organisation."""
    return persona(Role.TRAINER)


def start(user, key: str = "m4-flood-evacuation"):
    return services.start_attempt(actor=user, case=casebook.get(key))
