"""Showing the programme's own texts: `{% content text "curriculum" %}`.

In a language other than English a translated text is wrapped in `<span lang="xx"
data-translated>`, and `{% content_note %}` (in base.html, after the page's content) tells the
reader once that these texts are the platform's translation, with a link to the same page with
`?source=en`, which shows them in the English source while the screens stay translated.
Without a request (a PDF, an e-mail) the translation is given plainly.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

from asap.core.content import CONTEXTS, english, translated

register = template.Library()
SOURCE = "source"


def wants_source(request) -> bool:
    return request is not None and request.GET.get(SOURCE) == "en"


@register.simple_tag(takes_context=True)
def content(context, value, family):
    """The text in the active language, marked when it is the platform's translation."""
    if family not in CONTEXTS:
        raise template.TemplateSyntaxError(f"content: unknown family {family!r}")
    request = context.get("request")
    if wants_source(request):
        source = english(value)
        if source:
            request.content_source_shown = True
        return source
    text, is_translation = translated(value, family)
    if not is_translation or request is None:
        return text
    request.content_translated = True
    return format_html('<span lang="{}" data-translated>{}</span>', get_language(), text)


@register.inclusion_tag("core/content_note.html", takes_context=True)
def content_note(context):
    """The page's one note on translated programme texts, with the way to the source."""
    request = context.get("request")
    language = (get_language() or "en").split("-")[0]
    shown = bool(request is not None and language != "en")
    translated_shown = shown and getattr(request, "content_translated", False)
    source_shown = shown and getattr(request, "content_source_shown", False)
    if not (translated_shown or source_shown):
        return {"note": False}
    query = request.GET.copy()
    if source_shown:
        query.pop(SOURCE, None)
    else:
        query[SOURCE] = "en"
    encoded = query.urlencode()
    return {
        "note": True,
        "source_shown": source_shown,
        "language_name": get_language_info(language)["name_translated"],
        "url": f"{request.path}?{encoded}" if encoded else request.path,
    }
