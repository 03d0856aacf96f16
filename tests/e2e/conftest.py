import os

# Playwright's sync API keeps an event loop running in the test thread for the whole session,
# and the tests (and the database fixtures around them) make ordinary synchronous ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
