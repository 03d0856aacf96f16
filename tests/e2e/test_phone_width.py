"""At 360 px wide (a small phone), no page of any persona scrolls sideways, and the navigation
is collapsed behind its toggler. The pages come from the crawl of tests/e2e/crawl.py; each
distinct page (URL pattern) is checked once, as the first persona who reaches it, and every
persona's home page."""

import time

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import reauthenticate
from tests.e2e.crawl import browser_context, only_on_sqlite, pages_by_persona

pytestmark = [pytest.mark.e2e, only_on_sqlite]

PHONE = {"width": 360, "height": 740}
# The element sticking out furthest to the right, to name in a failure.
WIDEST = """() => {
  let widest = null, right = 0;
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect().right;
    if (r > right) { right = r; widest = el; }
  }
  if (!widest) return '';
  const id = widest.id ? '#' + widest.id : '';
  const cls = widest.className && typeof widest.className === 'string'
    ? '.' + widest.className.trim().split(/\\s+/).join('.') : '';
  return `${widest.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(right)} px): `
    + (widest.textContent || '').trim().slice(0, 60);
}"""

# Words broken inside a table cell: a text laid out on more lines than it has places to
# break (spaces, and the hyphens and slashes of codes and dates), as when a column is
# squeezed to a letter or two ("Gen / der"). Each text node on its own (a badge beside a date
# is another node); text for screen readers only and tokens longer than the screen (hashes,
# addresses) are left out.
BROKEN_WORDS = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector('main') || document.body,
                                           NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const cell = node.parentElement && node.parentElement.closest('th, td');
    if (!text || !cell || node.parentElement.closest('.visually-hidden')) continue;
    const words = text.split(/\\s+/);
    if (words.some(w => w.length > 30)) continue;
    const pieces = words.reduce((n, w) => n + w.split(/[-/]/).length, 0);
    const range = document.createRange();
    range.selectNodeContents(node);
    const lines = new Set(Array.from(range.getClientRects(), r => Math.round(r.bottom)));
    if (lines.size > pieces) broken.push(text.slice(0, 40));
  }
  return broken.slice(0, 3);
}"""


@pytest.mark.django_db(transaction=True)
def test_no_page_scrolls_sideways_on_a_phone_and_the_menu_is_collapsed(
    live_server, browser: Browser, world
):
    started = time.monotonic()
    found = pages_by_persona(world)
    too_wide: list[str] = []
    checked = 0
    done: set[str] = set()  # each distinct page once, as the first persona who reaches it
    for who, (client, pages) in found.items():
        context = browser_context(browser, live_server.url, client, "en", viewport=PHONE)
        tab = context.new_page()
        for route, url in sorted(pages.items()):
            if route in done and route != "":
                continue
            done.add(route)
            tab.goto(url)
            checked += 1
            width = tab.evaluate("document.documentElement.scrollWidth")
            if width > tab.evaluate("window.innerWidth"):
                too_wide.append(f"{who} {url}: {width} px wide; {tab.evaluate(WIDEST)}")
            if broken := tab.evaluate(BROKEN_WORDS):
                too_wide.append(f"{who} {url}: words broken in table cells: {broken}")
        if client is not None and who not in ("signing_in", "enrolling"):
            tab.goto("/")
            toggler = tab.get_by_role("button", name="Menu")
            expect(toggler).to_be_visible()
            expect(toggler).to_have_attribute("aria-expanded", "false")
            home = tab.get_by_role("navigation", name="Main navigation").get_by_role(
                "link", name="My work"
            )
            expect(home).to_be_hidden()
            toggler.click()
            expect(home).to_be_visible()
            expect(toggler).to_have_attribute("aria-expanded", "true")
        context.close()
    print(
        f"\n360 px: {checked} pages checked "
        f"({', '.join(f'{who} {len(pages)}' for who, (_c, pages) in found.items())}) "
        f"in {time.monotonic() - started:.0f} s"
    )
    assert not too_wide, "Pages wider than the phone or squeezing table columns:\n" + "\n".join(
        too_wide
    )


# A code Chromium split at 360 px before case codes were kept whole: its column came out a
# fraction of a pixel narrower than "7L67-", and the hyphen went to a line of its own.
SPLIT_BEFORE = "JC-7L67-AQZP"


@pytest.mark.django_db(transaction=True)
def test_a_case_code_is_never_split_in_a_table_on_a_phone(live_server, browser: Browser, world):
    type(world.case).objects.filter(pk=world.case.pk).update(code=SPLIT_BEFORE)
    client = world.client("victim_side")
    reauthenticate(client)
    context = browser_context(browser, live_server.url, client, "en", viewport=PHONE)
    tab = context.new_page()
    for url, cell in [("/work/", "#work-items td.case-code"), ("/cases/", "th a.case-code")]:
        tab.goto(url)
        expect(tab.locator(cell).first).to_have_text(SPLIT_BEFORE)
        assert tab.evaluate(BROKEN_WORDS) == [], url
    context.close()
