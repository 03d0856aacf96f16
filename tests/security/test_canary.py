"""The canary crawl: protected values must never reach anyone but the victim side.

Every protected field of the case holds a unique canary string (tests/cases/world.py). Each
persona who is not on the victim side then fetches every page, fragment, form, export and
error page it can reach — following links and htmx requests from the home page and the case
URLs — and no canary may appear in a body, a header, an e-mail or a log line.
"""

import importlib
import logging
import re
from collections import deque

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse

from asap.accounts.enums import OrganisationKind
from asap.cases import access, services
from tests.cases.world import LATER_APPS
from tests.conftest import reauthenticate
from tests.factories import OrganisationFactory, agreement_between
from tests.pdf import pdf_text
from tests.security.test_matrix import MATRIX

pytestmark = pytest.mark.django_db

OUTSIDE_THE_VICTIM_SIDE = [
    "perpetrator_side",
    "child_protection_lead",
    "other_agency",
    "coordinator",
    "coordinator_vss",
    "coordinator_agency",
    "unrelated",
    "dpo",
    "dpo_pp",
    "dpo_agency",
    "administrator",
    "administrator_pp",
    "administrator_agency",
    "trainee",
    "anonymous",
]
LINK = re.compile(r'(?:href|hx-get|action)="(/[^"#]*)"')
NEVER_FOLLOW = ("/accounts/logout/", "/static/", "/i18n/", "/admin/logout/")
MAX_PAGES = 400


def seeds(world) -> list[str]:
    """The case URLs of the matrix, searches for the canaries, and pages that do not exist."""
    ids = world.ids
    urls = ["/", "/cases/", "/audit/", "/audit/export/", "/admin/", "/organisation/members/"]
    urls += [
        reverse(name, args=[ids[a] for a in args])
        for name, args in MATRIX
        if not {"invitation", "waiver"} & set(args)  # made by the matrix test only
    ]
    # Searching for part of a canary: the search box echoes the query, never a match.
    urls += ["/cases/?q=CANARY", "/cases/?q=7f3a"]
    urls += [f"/cases/?q={world.case.code}", f"/cases/{world.case.pk}/timeline/?page=2"]
    urls += ["/cases/999999/", f"/cases/{world.case.pk}/notes/999999/edit/", "/no-such-page/"]
    urls += [f"/audit/?case={world.case.pk}"]
    # Each later app adds the pages and exports outside /cases/ in tests/<app>/crawl.py:
    # `def seeds(world) -> list[str]`.
    for app in LATER_APPS:
        try:
            module = importlib.import_module(f"tests.{app}.crawl")
        except ModuleNotFoundError:
            continue
        urls += module.seeds(world)
    return urls


def crawl(client: Client, start: list[str]) -> dict[str, tuple[int, str]]:
    """GET every reachable local URL (and an empty POST to each), breadth first."""
    fetched: dict[str, tuple[int, str]] = {}
    queue = deque(start)
    while queue and len(fetched) < MAX_PAGES:
        url = queue.popleft()
        if url in fetched or url.startswith(NEVER_FOLLOW):
            continue
        for method in ("get", "post"):
            with transaction.atomic():
                response = getattr(client, method)(
                    url, headers={"HX-Request": "true"} if "timeline" in url else {}
                )
                transaction.set_rollback(True)
            body = b"".join(response) if response.streaming else response.content
            # A PDF's text is compressed inside it: read it as its reader would.
            is_pdf = response.get("Content-Type", "").startswith("application/pdf")
            text = pdf_text(body) if is_pdf else body.decode("utf-8", "replace")
            seen = "\n".join(f"{k}: {v}" for k, v in response.items()) + "\n" + text
            status, before = fetched.get(url, (response.status_code, ""))
            fetched[url] = (status, before + seen)
            if method == "get":
                queue.extend(LINK.findall(text.replace("&amp;", "&")))
    return fetched


def leaks(world, text: str) -> list[str]:
    return sorted(name for name, value in world.canaries.items() if value in text)


@pytest.fixture
def signed_in(world):
    def make(persona: str) -> Client:
        if persona == "anonymous":
            return Client()
        client = world.client(persona)
        reauthenticate(client)  # so that exports behind re-authentication are reached too
        return client

    return make


def test_the_crawler_finds_canaries_where_they_belong(world, signed_in):
    """The positive control: on the victim side the same crawl does see them, and it reads
    PDFs and calendar files."""
    pages = crawl(signed_in("victim_side"), seeds(world))
    assert len(pages) < MAX_PAGES
    assert any(".pdf" in url or "/pdf/" in url for url in pages)
    assert any(url.endswith(".ics") for url in pages)
    seen = leaks(world, "".join(body for _status, body in pages.values()))
    assert seen == sorted(world.canaries)


@pytest.mark.parametrize("persona", OUTSIDE_THE_VICTIM_SIDE)
def test_no_canary_reaches_anyone_outside_the_victim_side(world, signed_in, persona, caplog):
    caplog.set_level(logging.DEBUG)
    client = signed_in(persona)
    pages = crawl(client, seeds(world))
    found = {url: leaks(world, body) for url, (_status, body) in pages.items()}
    assert {url: names for url, names in found.items() if names} == {}
    assert leaks(world, caplog.text) == []
    assert len(MATRIX) <= len(pages) < MAX_PAGES  # the crawl ran out of links, not of budget
    if persona in {"perpetrator_side", "child_protection_lead", "other_agency"}:
        assert pages[f"/cases/{world.case.pk}/"][0] == 200
        assert pages[f"/cases/{world.case.pk}/timeline/"][0] == 200


def test_invitation_emails_carry_no_canary(world, django_capture_on_commit_callbacks):
    vss = world.people["victim_side"]
    health = OrganisationFactory(kind=OrganisationKind.HEALTH)
    from tests.factories import persona

    persona("coordinator", health)
    for organisation in {
        m.organisation for m in world.case.agencies.select_related("organisation")
    }:
        agreement_between(organisation, health)  # bound with every organisation taking part
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_agency(
            actor=vss, access=access.case_for(vss, world.case.pk), organisation=health
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert leaks(world, message.subject + message.body + str(message.message())) == []
