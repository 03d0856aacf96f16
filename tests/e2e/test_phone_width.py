"""At 360 px wide (a small phone), no page of any persona scrolls sideways, and the navigation
is collapsed behind its toggler. The pages come from the crawl of tests/e2e/crawl.py; each
distinct page (URL pattern) is checked once, as the first persona who reaches it, and every
persona's home page."""

import time

import pytest
from playwright.sync_api import Browser, expect

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
    assert not too_wide, "Pages wider than the phone:\n" + "\n".join(too_wide)
