"""The programme's reasons and notes on the world case reach the perpetrator side only: a
crawl of everything the victim side (the partner contact too) can reach never meets them."""

import pytest

from tests.programme.world import WORLD_NOTE, WORLD_REASON
from tests.security.test_canary import crawl, seeds

pytestmark = pytest.mark.django_db
PLANTED = [WORLD_REASON, WORLD_NOTE]


def test_the_perpetrator_side_reads_them_on_its_programme_page(world):
    page = world.client("perpetrator_side").get(f"/cases/{world.case.pk}/programme/")
    assert [value for value in PLANTED if value not in page.content.decode()] == []


@pytest.mark.parametrize("persona", ["victim_side", "partner_contact"])
def test_no_reason_or_note_of_his_programme_reaches_another_side(world, persona):
    pages = crawl(world.client(persona), seeds(world))
    assert f"/cases/{world.case.pk}/programme/" in pages
    found = {
        url: [value for value in PLANTED if value in body] for url, (_status, body) in pages.items()
    }
    assert {url: values for url, values in found.items() if values} == {}
