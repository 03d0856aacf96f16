"""axe-core, in Chromium, on the pages the personas reach, in the four interface languages:
any violation fails, listed page by page. The pages are found by the crawl of
tests/e2e/crawl.py (the canary test's world, a trainer added, the account pages seeded).

To stay within a few minutes, each persona's distinct pages (URL patterns) are checked once
each, in one of the four languages in turn (en, it, bg, el), so that every persona's pages
are checked in all four; every persona's home page in English and in one other language.
ASAP_AXE_FULL=1 checks every page of every persona in every language.
"""

import os
import time

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.conf import settings
from playwright.sync_api import Browser

from tests.e2e.crawl import browser_context, only_on_sqlite, pages_by_persona

pytestmark = [pytest.mark.e2e, only_on_sqlite]

LANGUAGES = [code for code, _name in settings.LANGUAGES]
FULL = os.environ.get("ASAP_AXE_FULL") == "1"


def readable(violation: dict) -> str:
    nodes = "\n".join(
        f"      {', '.join(map(str, node['target']))}: {node.get('failureSummary', '')}"
        for node in violation["nodes"][:5]
    )
    return f"    {violation['id']} ({violation['impact']}): {violation['help']}\n{nodes}"


def plan(found: dict) -> dict[tuple[str, str], list[str]]:
    """{(persona, language): [URL, ...]}: what the browser checks."""
    checks: dict[tuple[str, str], list[str]] = {}
    if FULL:
        for who, (_client, pages) in found.items():
            for language in LANGUAGES:
                checks[(who, language)] = sorted(pages.values())
        return checks
    others = [code for code in LANGUAGES if code != "en"]
    for who, (_client, pages) in found.items():
        for turn, (route, url) in enumerate(sorted(pages.items())):
            # Each of the persona's pages in one language, the four in turn; the home page
            # in two.
            languages = {LANGUAGES[turn % len(LANGUAGES)]}
            if route == "":
                languages |= {"en", others[turn % len(others)]}
            for language in sorted(languages):
                checks.setdefault((who, language), []).append(url)
    return checks


@pytest.mark.django_db(transaction=True)
def test_no_page_of_any_persona_has_an_accessibility_violation_in_any_language(
    live_server, browser: Browser, world
):
    started = time.monotonic()
    found = pages_by_persona(world)
    crawled = time.monotonic() - started
    problems: list[str] = []
    checked = 0
    for (who, language), urls in plan(found).items():
        context = browser_context(browser, live_server.url, found[who][0], language)
        context.add_init_script(AXE_SCRIPT)  # axe-core in every page, loaded once
        tab = context.new_page()
        for url in urls:
            tab.goto(url, wait_until="domcontentloaded")
            violations = tab.evaluate("axe.run({resultTypes: ['violations']})")["violations"]
            checked += 1
            if violations:
                problems.append(
                    f"{language} {who} {url}:\n" + "\n".join(readable(v) for v in violations)
                )
        context.close()
    routes = {route for _client, pages in found.values() for route in pages}
    print(
        f"\naxe: {checked} page checks, {len(routes)} distinct routes "
        f"({', '.join(f'{who} {len(pages)}' for who, (_c, pages) in found.items())}), "
        f"{len(LANGUAGES)} languages{' (full)' if FULL else ''}; crawl {crawled:.0f} s, "
        f"total {time.monotonic() - started:.0f} s"
    )
    assert not problems, f"{len(problems)} pages with violations:\n" + "\n".join(problems)
    # What the issue asks at the least: the pages of five personas, in four languages each.
    per_persona = {}
    for who, language in plan(found):
        per_persona.setdefault(who, set()).add(language)
    assert sum(1 for langs in per_persona.values() if set(LANGUAGES) <= langs) >= 5
