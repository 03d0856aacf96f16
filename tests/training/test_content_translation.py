"""The curriculum page in Bulgarian: the platform's translation, marked, and the English source
one click away (asap.core.content)."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from asap.core import content
from asap.training import curriculum

pytestmark = pytest.mark.django_db

BULGARIAN = "ПОЛОВО БАЗИРАНО НАСИЛИЕ"


def test_the_curriculum_page_shows_the_translation_marked_and_the_source_on_request(
    trainer, signed_in_client, monkeypatch
):
    title = curriculum.reference().modules[0].title

    def pgettext(context, text):
        known = (context, text) == ("curriculum", title) and translation.get_language() == "bg"
        return BULGARIAN if known else text

    monkeypatch.setattr(content, "pgettext", pgettext)
    client = signed_in_client(trainer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bg"
    url = reverse("training:curriculum")
    body = client.get(url).content.decode()
    assert f'<span lang="bg" data-translated>{BULGARIAN}</span>' in body
    assert f'href="{url}?source=en"' in body
    source = client.get(url, {"source": "en"}).content.decode()
    assert BULGARIAN not in source
    assert title in source
    assert f'href="{url}"' in source
