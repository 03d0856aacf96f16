"""The canary crawl from the officer's own pages (the full crawl in tests/security runs these
seeds too): as the officer, and as the personas nearest to the data, no canary appears."""

import pytest

from tests.conftest import reauthenticate
from tests.dataprotection.crawl import seeds
from tests.security.test_canary import MAX_PAGES, crawl, leaks

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["dpo", "perpetrator_side", "administrator"])
def test_no_canary_on_the_officers_pages(world, persona):
    client = world.client(persona)
    reauthenticate(client)
    pages = crawl(client, seeds(world))
    found = {url: leaks(world, body) for url, (_status, body) in pages.items()}
    assert {url: names for url, names in found.items() if names} == {}
    assert len(pages) < MAX_PAGES
    own = {url: status for url, (status, _body) in pages.items() if "/data-protection/" in url}
    expected = 200 if persona == "dpo" else 403
    assert {u: s for u, s in own.items() if s != expected} == {}
