"""Tests that run on one database only.

CI runs the suite twice, on SQLite and on PostgreSQL (`.ci/run`). Some tests cannot give a
different result on the other database, so the PostgreSQL run skips them and CI stays within
its time: the browser crawls and the rendering of every page in four languages (the pages'
markup and texts do not depend on the database), and the tests that run `asap` in a
subprocess on a fresh SQLite database of their own (the run's DATABASE_URL removed). Each is
marked where it is defined, with this marker, so that the reason stays next to it.
"""

import pytest
from django.conf import settings

ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]

one_database = pytest.mark.skipif(
    ON_POSTGRESQL,
    reason="does not depend on the suite's database: it runs in the SQLite run of CI",
)
