import os

import pytest

# Playwright's sync API keeps an event loop running in the test thread for the whole session,
# and the tests (and the database fixtures around them) make ordinary synchronous ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _audit_head(audit_head):
    """Every browser test is transactional: the head of the audit chain first (conftest)."""
