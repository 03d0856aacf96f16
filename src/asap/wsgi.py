"""WSGI entry point for gunicorn: `gunicorn asap.wsgi`.

Before serving, the field keys must open the database (`asap.core.checks.at_server_start`).
A configuration error (a setting refused, a wrong key) is one line on standard error and
exit status 4, which gunicorn takes as "the application failed to load": it stops instead of
booting workers again and again. A database that does not answer yet is one line too, but
the server starts: each request connects again, so it serves once the database is back.
"""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application
from django.db.utils import InterfaceError, OperationalError

from asap.cli import problem_line

APPLICATION_FAILED_TO_LOAD = 4  # gunicorn's Arbiter.APP_LOAD_ERROR

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asap.settings")
try:
    application = get_wsgi_application()
    from asap.core.checks import at_server_start

    at_server_start()
except ImproperlyConfigured as error:
    sys.stderr.write(f"{problem_line(error)}\n")
    sys.exit(APPLICATION_FAILED_TO_LOAD)
except (OperationalError, InterfaceError) as error:
    sys.stderr.write(f"{problem_line(error)}; the keys are checked at the next start\n")
