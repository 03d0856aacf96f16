"""The programme's own texts (curriculum, practice cases, meetings timeline) in the user's
language, marked as the platform's translation, with the English source one click away."""

import ast

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from asap.core import content, content_sources

SOURCE = "Raising the awareness of participants."
BULGARIAN = "Повишаване на осведомеността на участниците."
PAGE = Template(
    '{% load content_texts %}<p>{% content text "curriculum" %}</p>'
    '<p>{% content other "curriculum" %}</p>{% content_note %}'
)


@pytest.fixture
def catalogue(monkeypatch):
    """A catalogue with one translation, of SOURCE under the context "curriculum" only."""

    def pgettext(context, text):
        if (context, text) == ("curriculum", SOURCE) and translation.get_language() == "bg":
            return BULGARIAN
        return text

    monkeypatch.setattr(content, "pgettext", pgettext)


def render(language, query="", with_request=True):
    request = RequestFactory().get(f"/training/curriculum/{query}")
    values = {"text": SOURCE, "other": "Not in the catalogue."}
    if with_request:
        values["request"] = request
    with translation.override(language):
        return PAGE.render(Context(values))


def test_a_translated_text_is_shown_marked_with_one_note_and_the_link_to_the_source(catalogue):
    html = render("bg")
    assert f'<span lang="bg" data-translated>{BULGARIAN}</span>' in html
    assert SOURCE not in html
    assert html.count("data-translated") == 1  # the text without a translation is not marked
    assert "<p>Not in the catalogue.</p>" in html
    assert html.count("<aside") == 1
    assert 'href="/training/curriculum/?source=en"' in html


def test_without_a_translation_the_english_text_is_shown_unmarked_and_without_a_note(catalogue):
    html = render("el")
    assert f"<p>{SOURCE}</p>" in html
    assert "data-translated" not in html
    assert "<aside" not in html


def test_in_english_the_source_is_shown_without_a_note(catalogue):
    html = render("en")
    assert f"<p>{SOURCE}</p>" in html
    assert "data-translated" not in html
    assert "<aside" not in html


def test_source_en_shows_the_english_source_and_the_way_back(catalogue):
    assert BULGARIAN in render("bg")  # the translation is there without ?source=en
    html = render("bg", "?source=en")
    assert f"<p>{SOURCE}</p>" in html
    assert BULGARIAN not in html
    assert "data-translated" not in html
    assert html.count("<aside") == 1
    assert 'href="/training/curriculum/"' in html


def test_without_a_request_a_pdf_gets_the_translation_unmarked(catalogue):
    html = render("bg", with_request=False)
    assert f"<p>{BULGARIAN}</p>" in html
    assert "<aside" not in html


def test_an_inline_translation_of_the_file_is_used_first():
    text = {"en": SOURCE, "bg": "Вграден превод."}
    with translation.override("bg"):
        assert content.translated(text, content.PRACTICE_CASE) == ("Вграден превод.", True)
    with translation.override("el"):
        assert content.translated(text, content.PRACTICE_CASE) == (SOURCE, False)


def test_the_generated_module_of_content_strings_is_up_to_date():
    """Run `.venv/bin/python scripts/content_strings.py` after changing a content file."""
    assert content_sources.MODULE.read_text(encoding="utf-8") == content_sources.render()


def test_the_generated_module_lists_every_text_with_its_context():
    """Read as makemessages reads it: the literal arguments of each pgettext_lazy call."""
    from asap.meetings import timeline
    from asap.training import curriculum

    found = content_sources.collect()
    assert set(found) == set(content.CONTEXTS)
    tree = ast.parse(content_sources.MODULE.read_text(encoding="utf-8"))
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "pgettext_lazy"
    ]
    extracted = {(call.args[0].value, call.args[1].value) for call in calls}
    assert len(calls) == len(extracted) == sum(len(texts) for texts in found.values())
    assert ("curriculum", curriculum.reference().modules[0].goals["awareness"]) in extracted
    assert ("meetings timeline", timeline.current().meeting_types[0].purpose["en"]) in extracted
    assert any('"' in text for _, text in extracted)  # quoted words survive the quoting
    assert not any(text.startswith("http") for _, text in extracted)
