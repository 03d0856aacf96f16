import os

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

# Playwright's sync API keeps an event loop running in the test thread for the whole session,
# and the tests (and the database fixtures around them) make ordinary synchronous ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

if "sqlite" in settings.DATABASES["default"]["ENGINE"]:
    # The browser tests' SQLite database lives in memory with a shared cache, which locks
    # whole tables and does not wait: a page and a request the browser sends beside it (the
    # header's htmx request for the My work count) then fail with "database table is
    # locked". A deployment's SQLite file (WAL, a busy timeout) waits instead; PostgreSQL runs
    # these tests with the threaded server. Here the live server answers one request at a time
    # (Django's WSGIServer closes each connection, so the browser never waits on one).
    class OneRequestAtATime(WSGIServer):
        """Django's WSGIServer taking the live server thread's arguments; the thread itself
        already uses the test database's connection."""

        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)

    LiveServerThread.server_class = OneRequestAtATime


@pytest.fixture(autouse=True)
def _audit_head(audit_head):
    """Every browser test is transactional: the head of the audit chain first (conftest)."""
