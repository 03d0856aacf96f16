"""WSGI entry point for gunicorn: `gunicorn asap.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asap.settings")
application = get_wsgi_application()
