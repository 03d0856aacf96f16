import datetime

import pytest
from django.utils import timezone

from asap.cases.enums import CaseStatus
from asap.cases.models import JointCase, TimelineEntry
from tests.conftest import reauthenticate


@pytest.fixture
def dpo_client(world):
    """The world's data-protection officer, signed in and just re-authenticated."""
    client = world.client("dpo")
    reauthenticate(client)
    return client


def close_case(case, *, years_ago: int) -> None:
    """Close `case` with its last activity `years_ago` years back (test set-up, no service)."""
    then = timezone.now() - datetime.timedelta(days=366 * years_ago)
    TimelineEntry.objects.filter(case=case).update(at=then)
    JointCase.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, updated_at=then)
