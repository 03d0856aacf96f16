"""Start-up checks: the field keys open this database, and the development key says so.

`open_field_keys` unwraps the database's sentinel data key (`asap.core.datakeys.check_keys`)
with `ASAP_FIELD_KEYS`. It runs as a Django system check (tag "asap": `asap check`, `asap
migrate`, every command that runs the checks), after every `migrate` (so a new database gets
its sentinel under the keys it was created with), and before a server serves
(`at_server_start`: `asap runserver` and `asap demo` through `asap.cli`, gunicorn through
`asap.wsgi`). A wrong key raises `KeysDoNotOpenError`, which the `asap` command prints in one
line, instead of the server failing later at the two-factor step.
"""

import os
import sys
from typing import Any, TextIO

from django.conf import settings
from django.core import checks
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext

from asap.core import datakeys
from asap.core.models import DataKey

TAG = "asap"
# Set once the development-key warning is printed: the reloader's child process and its
# restarts inherit it and stay silent.
WARNED = "ASAP_DEVELOPMENT_KEY_WARNED"


def open_field_keys() -> bool:
    """Raise KeysDoNotOpenError (one line) when ASAP_FIELD_KEYS does not open this database's
    data keys; make the sentinel on first run. False, doing nothing, while the key table does
    not exist yet (before the first `migrate`). A database that does not answer raises
    Django's OperationalError."""
    connection = connections[DEFAULT_DB_ALIAS]
    if DataKey._meta.db_table not in connection.introspection.table_names():
        return False
    datakeys.check_keys()
    return True


@checks.register(TAG)
def field_keys_open_the_database(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """Raises rather than returns an Error: a wrong key stops every command in one line (see
    `asap.cli`), not in a list among warnings."""
    open_field_keys()
    return []


def make_sentinel(**kwargs: Any) -> None:
    """After `migrate` (a post_migrate receiver of the core app)."""
    open_field_keys()


def warn_development_key(stream: TextIO | None = None) -> bool:
    """One line on standard error, once per process tree, while the built-in development
    key encrypts the data. Whether it was printed now."""
    if settings.DEVELOPMENT_FIELD_KEY not in settings.ASAP_FIELD_KEYS or os.environ.get(WARNED):
        return False
    os.environ[WARNED] = "1"
    message = gettext(
        "Warning: ASAP_FIELD_KEYS is not set, so the built-in development key encrypts the "
        "data; it is public: never enter real data (make a key with `asap keys generate`)."
    )
    (stream or sys.stderr).write(message + "\n")
    return True


def at_server_start() -> None:
    """What a server checks before it serves: the keys open the database (raises when they
    do not), and the development key is named if it is in use."""
    open_field_keys()
    warn_development_key()
