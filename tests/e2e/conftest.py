import os

import pytest

from asap.core.audit import GENESIS_HASH
from asap.core.models import AuditHead

# Playwright's sync API keeps an event loop running in the test thread for the whole session,
# and the tests (and the database fixtures around them) make ordinary synchronous ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def audit_head(transactional_db):
    """The head of the audit chain, as the migration leaves it. A transactional test empties
    every table when it ends, this row too, and every service writes an audit row; so each
    browser test puts the row back first."""
    AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS_HASH})
