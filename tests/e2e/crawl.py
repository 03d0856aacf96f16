"""The pages each persona reaches, found fast with Django's test client and handed to a browser.

The world of the canary test (tests/cases/world.py) gives every persona a case and its records;
a trainer of the world's training event is added. Each persona's client follows every local
link (GET only) breadth first from the home page and the seeds, and keeps one URL per URL
pattern (`resolve(path).route`): the browser then checks each distinct page once.
"""

from collections import deque
from urllib.parse import urlsplit

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from asap.accounts.enums import Role
from tests.conftest import reauthenticate
from tests.factories import PASSWORD, persona
from tests.once import one_database
from tests.security.test_canary import LINK

# The crawls run on one database (tests/once.py): the pages and their markup do not depend
# on it.
only_on_sqlite = one_database

PERSONAS = ["victim_side", "perpetrator_side", "coordinator", "dpo", "trainer", "administrator"]
NEVER_FOLLOW = ("/accounts/logout/", "/static/", "/i18n/", "/admin/", "/media/")
# The account pages, reached from the menu too; seeded so that each persona checks them.
ACCOUNT_PAGES = [
    "/accounts/2fa/",
    "/accounts/2fa/totp/deactivate/",
    "/accounts/2fa/recovery-codes/",
    "/accounts/2fa/recovery-codes/generate/",
    "/accounts/2fa/webauthn/",
    "/accounts/2fa/webauthn/add/",
    "/accounts/password/change/",
    "/accounts/reauthenticate/",
]
MAX_PAGES = 150


def add_trainer(world) -> None:
    """A trainer of the organisation that runs the world's training event."""
    from asap.training.models import TrainingEvent

    event = TrainingEvent.objects.get(pk=world.ids["training_event"])
    world.people["trainer"] = persona(Role.TRAINER, event.organisation)


def anonymous_seeds(world) -> list[str]:
    """The pages before signing in, with a real password-reset link."""
    user = world.people["victim_side"]
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    return [
        "/accounts/login/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        f"/accounts/password/reset/key/{key}/",
    ]


def route_of(path: str) -> str | None:
    try:
        return resolve(path).route
    except Resolver404:
        return None


def distinct_pages(client: Client, start: list[str]) -> dict[str, str]:
    """{route: first URL} of every HTML page (status 200) the client reaches from `start`."""
    pages: dict[str, str] = {}
    seen: set[str] = set()
    queue = deque(start)
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        path = urlsplit(url).path
        if url in seen or url.startswith(NEVER_FOLLOW):
            continue
        seen.add(url)
        route = route_of(path)
        if route is None or route in pages:
            continue
        with transaction.atomic():
            response = client.get(url)
            transaction.set_rollback(True)
        if response.status_code in (301, 302) and response["Location"].startswith("/"):
            queue.append(response["Location"])
            continue
        kind = response.get("Content-Type", "")
        if response.status_code != 200 or response.streaming or not kind.startswith("text/html"):
            continue
        text = response.content.decode()
        if "<html" not in text:
            continue  # a fragment for htmx, checked inside its page
        pages.setdefault(route, url)
        queue.extend(LINK.findall(text.replace("&amp;", "&")))
    return pages


def pages_by_persona(world, personas=PERSONAS) -> dict[str, tuple[Client | None, dict]]:
    """{persona: (signed-in client, {route: URL})}, the anonymous visitor included."""
    add_trainer(world)
    everywhere = ["/", f"/cases/{world.case.pk}/", *ACCOUNT_PAGES]
    found: dict[str, tuple[Client | None, dict]] = {}
    for who in personas:
        client = world.client(who)
        reauthenticate(client)
        found[who] = (client, distinct_pages(client, everywhere))
    found["anonymous"] = (None, distinct_pages(Client(), anonymous_seeds(world)))
    # Half signed in: the password was right, the two-factor code is asked for.
    halfway = Client()
    halfway.post("/accounts/login/", {"login": world.people["dpo"].email, "password": PASSWORD})
    found["signing_in"] = (halfway, distinct_pages(halfway, ["/accounts/2fa/authenticate/"]))
    # A first sign-in: the password was right, the authenticator app is still to be set up.
    newcomer = persona(Role.CASE_WORKER, mfa=False)
    enrolling = Client()
    enrolling.post("/accounts/login/", {"login": newcomer.email, "password": PASSWORD})
    found["enrolling"] = (enrolling, distinct_pages(enrolling, ["/accounts/2fa/totp/activate/"]))
    return found


def browser_context(browser, base_url: str, client: Client | None, language: str, **options):
    """A browser context carrying the client's session and the interface language."""
    context = browser.new_context(base_url=base_url, **options)
    host = urlsplit(base_url).hostname
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language}]
    if client is not None:
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session})
    context.add_cookies([{**c, "domain": host, "path": "/"} for c in cookies])
    return context
