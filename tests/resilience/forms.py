"""Finding every form view of the platform, a persona allowed to use it, and its fields.

The URL resolver is walked; case URLs take their ids and their allowed personas from the
authorisation matrix (tests/security/test_matrix.py); other URLs take ids by the name of
their argument (`meeting_pk` → the world's meeting) and the first persona that gets the
form (GET 200) or, for a POST-only view, whose empty POST is neither refused nor redirected
to sign-in. A pattern whose arguments cannot be filled is reported as skipped.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.contrib.auth import BACKEND_SESSION_KEY
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

from tests.conftest import force_login_past_mfa, reauthenticate

# Everyone but "anonymous" is a persona of the world; anonymous is a client with no session.
CANDIDATES = [
    "victim_side",
    "perpetrator_side",
    "coordinator",
    "administrator",
    "dpo",
    "trainee",
    "partner_contact",
    "child_protection_lead",
    "other_agency",
    "unrelated",
    "anonymous",
]
REFUSED = {401, 403, 404, 405}
# Ids of the world (tests/<app>/world.py plant) for arguments outside /cases/, by the start
# of the route and the argument's name; otherwise `x_pk` takes the world's id named `x`.
ROUTE_IDS = {
    ("training/", "pk"): "training_event",
    ("training/", "session_pk"): "training_session",
    ("practice/attempts/", "pk"): "practice_attempt",
    ("practice/attempts/", "item_pk"): "practice_action",
    ("agreements/", "agreement_pk"): "organisation_agreement",
    ("evaluation/networks/", "pk"): "evaluation_network",
    ("evaluation/stakeholders/", "pk"): "evaluation_stakeholder",
    ("data-protection/breaches/", "pk"): "breach",
}


@dataclass
class Target:
    name: str
    url: str
    persona: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name → option values


class FieldParser(HTMLParser):
    """The names of a page's form controls, with the values a select or a radio offers."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        name = attr.get("name")
        if tag in {"input", "textarea", "select"} and name:
            if name == "csrfmiddlewaretoken" or attr.get("type") in {"submit", "button"}:
                return
            values = self.fields.setdefault(name, [])
            if attr.get("type") in {"radio", "checkbox", "hidden"} and attr.get("value"):
                values.append(attr["value"] or "")
            if tag == "select":
                self.select = name
        elif tag == "option" and self.select:
            self.fields[self.select].append(attr.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None


def form_fields(html: str) -> dict[str, list[str]]:
    parser = FieldParser()
    parser.feed(html)
    return parser.fields


def walk(patterns, prefix: str = "", namespace: str | None = None):
    """(route, name, callback, argument names) of every pattern below `patterns`."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n) or None
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            arguments = list(pattern.pattern.regex.groupindex)
            yield prefix + str(pattern.pattern), name, pattern.callback, arguments


def may_post(callback) -> bool:
    view_class = getattr(callback, "view_class", None)
    return view_class is None or hasattr(view_class, "post")


def signed_in(world, persona: str) -> Client:
    """A fresh client for `persona`, signed in and recently re-authenticated."""
    client = Client()
    if persona != "anonymous":
        force_login_past_mfa(client, world.people[persona], backend=MODEL_BACKEND)
        reauthenticate(client)
    return client


MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def still_signed_in(client: Client, persona: str) -> bool:
    return persona == "anonymous" or BACKEND_SESSION_KEY in client.session


def to_login(response) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response.get("Location", "")


def case_targets(matrix: dict, ids: dict[str, int]) -> list[tuple[str, str, list[str]]]:
    """(name, url, personas allowed to post) of every case URL of the matrix."""
    targets = []
    for (name, arguments), table in matrix.items():
        allowed = [p for p, (_get, post) in table.items() if post not in REFUSED | {302}]
        allowed += [p for p, (get, post) in table.items() if post == 302 and get != 302]
        if allowed:
            targets.append((name, reverse(name, args=[ids[a] for a in arguments]), allowed))
    return targets


def other_targets(ids: dict[str, int]) -> tuple[list[tuple[str, str]], list[str]]:
    """(name, url) of every POST-capable pattern outside /cases/, and the skipped ones."""
    targets, skipped = [], []
    for route, name, callback, arguments in walk(get_resolver().url_patterns):
        if route.startswith("cases/") or not may_post(callback) or not name:
            continue
        kwargs = {}
        for argument in arguments:
            named = [
                key
                for (start, name), key in ROUTE_IDS.items()
                if route.startswith(start) and name == argument
            ]
            key = named[0] if named else re.sub(r"_pk$", "", argument)
            if key in ids:
                kwargs[argument] = ids[key]
        try:
            url = reverse(name, kwargs=kwargs) if len(kwargs) == len(arguments) else None
        except NoReverseMatch:
            url = None
        if url is None:
            skipped.append(route)
        else:
            targets.append((name, url))
    return targets, skipped


def choose(
    clients: dict[str, Client], url: str, personas: list[str], errors: list[str]
) -> Target | None:
    """The first persona that gets the form, or whose empty POST is not refused. A probe
    that fails (5xx or an exception) is added to `errors`."""

    def probe(persona: str, method: str):
        try:
            response = getattr(clients[persona], method)(url, {})
        except Exception as error:  # the view crashed: reported by the test
            errors.append(f"{method.upper()} {url} as {persona}: {error!r:.300}")
            return None
        if response.status_code >= 500:
            errors.append(f"{method.upper()} {url} as {persona}: {response.status_code}")
            return None
        return response

    for persona in personas:
        response = probe(persona, "get")
        if (
            response is not None
            and response.status_code == 200
            and "text/html" in response.get("Content-Type", "")
        ):
            return Target("", url, persona, form_fields(response.content.decode()))
    for persona in personas:
        response = probe(persona, "post")
        if response is not None and response.status_code not in REFUSED and not to_login(response):
            return Target("", url, persona)
    return None
