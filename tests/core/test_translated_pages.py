"""Every page in Italian, Bulgarian and Greek: no visible English left.

The world's personas (tests/cases/world.py, with the training event of tests/training/world.py)
crawl the pages they can reach. Each distinct page (one URL per route and persona) is rendered
in English and in each other language; a visible text — a text node, or an attribute a screen
reader reads — of two words or more that is identical in both renderings is English left
behind. What people typed (names, notes, titles: every text value stored in the database) and
the short list below are not the interface and are taken out first.
"""

import re
from collections import deque
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

from asap.accounts.enums import Role
from asap.accounts.models import Membership
from asap.practice import casebook
from tests.conftest import sign_in
from tests.security.test_canary import LINK, NEVER_FOLLOW, seeds

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        "sqlite" not in settings.DATABASES["default"]["ENGINE"],
        reason="a crawl of every page in four languages: once, on SQLite",
    ),
]

PERSONAS = ["victim_side", "perpetrator_side", "coordinator", "dpo", "administrator", "trainer"]
LANGUAGES = ["it", "bg", "el"]
# Not the interface, and the same in every language, with the reason.
SAME_IN_EVERY_LANGUAGE = {
    "A.S.A.P. 2.0",  # the protocol's name
    "ASAP 2.0",  # the project's name
    "ASAP Platform",  # the product's name, kept in the header as a brand
    "Follow-up",  # Italian uses the English word (the catalogue's translation)
    "Agenda (PDF)",  # the same words in Italian
}
ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
WORD = re.compile(r"[^\W\d_]{2,}")
# Codes, addresses and identifiers: an e-mail address, a URL, a case code, a hash.
CODE = re.compile(
    r"\S+@\S+|https?://\S+|\b[A-Z0-9]+(?:-[A-Z0-9]+)+\b|\b[0-9a-f]{16,}\b"
    r"|\b[a-z]+(?:_[a-z]+)+\b"  # a column of a file format, e.g. intervention_start
)


class VisibleText(HTMLParser):
    """The texts a reader sees or hears: text nodes outside script and style, and the
    attributes a screen reader reads."""

    # Not read as language: scripts, and <code>, which marks a machine identifier (a
    # definition's key that an upload file must repeat).
    HIDDEN = {"script", "style", "template", "code"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._hidden = 0
        # An element marked lang="en" is English on purpose and announced as such (WCAG 3.1.2,
        # language of parts): the API reference quotes the OpenAPI document, written in
        # English like the developers' documentation. Its tag, and how deep it nests in it.
        self._english: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self._english and tag == self._english[0]:
            self._english.append(tag)
        elif not self._english and ("lang", "en") in attrs:
            self._english.append(tag)
            self._hidden += 1
        if tag in self.HIDDEN:
            self._hidden += 1
        for name, value in attrs:
            if name in ATTRIBUTES and value:
                self.texts.append(value)
            if tag == "input" and name == "value" and value and ("type", "submit") in attrs:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1
        if self._english and tag == self._english[0]:
            self._english.pop()
            if not self._english:
                self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(data)


def visible_texts(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    return {" ".join(text.split()) for text in parser.texts}


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value, " ".join(value.split()), *(" ".join(v.split()) for v in value.splitlines())]
    if isinstance(value, dict):
        return [s for v in [*value.keys(), *value.values()] for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def stored_texts() -> re.Pattern:
    """Every text in the database (decrypted where encrypted, inside JSON too) and the names
    of the fictional practice cases, as one pattern of whole words, longest first."""
    values: set[str] = set(SAME_IN_EVERY_LANGUAGE)
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model._base_manager.values_list(*fields):
            values.update(s for value in row for s in _strings(value))
    for case in casebook.shipped().values():
        values.update(person.name for person in case.people)
    texts = sorted((v for v in values if WORD.search(v)), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, texts)) + r")(?!\w)")


def english_left(text: str, data: re.Pattern) -> bool:
    """Two words or more of the interface left in English, once codes and data are out."""
    # Codes first (a stored word inside an address), and data first (a code inside a title).
    left = min(
        data.sub(" ", CODE.sub(" ", text)),
        CODE.sub(" ", data.sub(" ", text)),
        key=lambda t: len(WORD.findall(t)),
    )
    return len(WORD.findall(left)) >= 2


def route(url: str) -> str | None:
    try:
        return resolve(url.split("?")[0]).route
    except Resolver404:
        return None


def pages_of(client: Client, start: list[str]) -> list[str]:
    """One reachable HTML page per route (the first found), breadth first over links."""
    found: dict[str, str] = {}
    seen: set[str] = set()
    queue = deque(start)
    while queue and len(seen) < 400:
        url = queue.popleft()
        if url in seen or url.startswith(NEVER_FOLLOW):
            continue
        seen.add(url)
        key = route(url)
        if key is None or (key in found and url != found[key]):
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        found[key] = url
        queue.extend(LINK.findall(response.content.decode().replace("&amp;", "&")))
    return sorted(found.values())


def render(client: Client, url: str, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url).content.decode()


def test_no_english_is_left_in_the_other_languages(world):
    trainer = Membership.objects.filter(role=Role.TRAINER).first().user
    people = {**world.people, "trainer": trainer}
    data = stored_texts()
    left: dict[str, set[str]] = {}
    checked = 0
    for who in PERSONAS:
        client = Client()
        sign_in(client, people[who])
        for url in pages_of(client, seeds(world)):
            english = visible_texts(render(client, url, "en"))
            for language in LANGUAGES:
                same = visible_texts(render(client, url, language)) & english
                for text in same:
                    if english_left(text, data):
                        left.setdefault(text, set()).add(f"{language} {who} {url}")
                checked += 1
    print(f"{checked} renderings checked (pages x personas x languages)")
    report = {text: sorted(where)[:3] for text, where in sorted(left.items())}
    assert report == {}, "\n".join(f"{t!r}: {w}" for t, w in report.items())


def test_the_check_finds_english_left_behind():
    """The positive control: an untranslated interface text is found; stored text, codes
    and the protocol's name are not."""
    html = (
        '<h1>Case PP-2026-0001</h1><p title="Open the case">Aperto</p>'
        "<p>Marta Kellerby</p><p>A.S.A.P. 2.0</p><script>var two words;</script>"
    )
    texts = visible_texts(html)
    data = re.compile(r"(?<!\w)(?:Marta Kellerby|A\.S\.A\.P\. 2\.0|te)(?!\w)")
    assert {t for t in texts if english_left(t, data)} == {"Open the case"}
