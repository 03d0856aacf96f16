"""The demo's outbox shows every e-mail, case codes and sign-in links included: flag ASAP_DEMO
wherever it could reach a deployment (the settings refuse it outright in production)."""

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def demo_off_outside_debug(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    if settings.ASAP_DEMO and not settings.DEBUG:
        return [
            checks.Error(
                "ASAP_DEMO is on with DEBUG off: the demo's outbox (/demo/outbox/) shows "
                "every e-mail sent.",
                hint="Unset ASAP_DEMO: it is for `asap demo` on your own computer only.",
                id="asap.E901",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def demo_off_in_deployment(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    if settings.ASAP_DEMO:
        return [
            checks.Error(
                "ASAP_DEMO is on: the demo's outbox (/demo/outbox/) shows every e-mail sent.",
                hint="Unset ASAP_DEMO in a deployment.",
                id="asap.E902",
            )
        ]
    return []
