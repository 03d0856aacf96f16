"""Radio buttons and check boxes written out in Python: the same HTML as Django's templates.

A questionnaire page shows dozens of radio groups; Django renders each option through four
nested templates (`multiple_input.html`, `input_option.html`, `input.html`, `attrs.html`),
which was most of the risk form's time. These widgets write the same markup, byte for byte
(`tests/core/test_widgets.py` compares them with the templates), and fall back to the
templates whenever a template name or the form renderer is not Django's own.
"""

from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

_WIDGETS = "django/forms/widgets/"
_STOCK = {f"{_WIDGETS}radio.html", f"{_WIDGETS}checkbox_select.html"}
_STOCK_OPTIONS = {f"{_WIDGETS}radio_option.html", f"{_WIDGETS}checkbox_option.html"}


def _shown(value: Any) -> str:
    """`{{ value }}` in a template (autoescaped)."""
    return conditional_escape(localize(template_localtime(value)))


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}` in a template."""
    if isinstance(value, SafeData):  # the filter keeps safe text safe: not escaped again
        return _shown(value)
    return _shown("%s" % (str(value) if isinstance(value, tuple) else value))


def _attrs(attrs: dict[str, Any]) -> str:
    """`django/forms/widgets/attrs.html`."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(
            f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        )
    return "".join(parts)


def _option(option: dict[str, Any]) -> str:
    """`input_option.html` with `input.html`, as a radio or check box option includes it
    (each template ends in a line break, kept as the templates keep it)."""
    attrs = option["attrs"]
    value = f' value="{_formatted(option["value"])}"' if option["value"] is not None else ""
    html = (
        f'<input type="{_shown(option["type"])}" name="{_shown(option["name"])}"'
        f"{value}{_attrs(attrs)}>\n"
    )
    if option["wrap_label"]:
        label_for = f' for="{_shown(attrs["id"])}"' if attrs.get("id") else ""
        html = f"<label{label_for}>{html} {_shown(option['label'])}</label>"
    return html + "\n\n"


class FastChoiceMixin:
    """`render` of a multiple-input choice widget without the template engine."""

    template_name: str
    option_template_name: str

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        if not self._stock(renderer):
            return super().render(name, value, attrs, renderer)  # type: ignore[misc]
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        own = widget["attrs"]
        html = ["<div"]
        if own.get("id"):
            html.append(f' id="{_shown(own["id"])}"')
        if own.get("class"):
            html.append(f' class="{_shown(own["class"])}"')
        html.append(">")
        for group, options, _index in widget["optgroups"]:
            if group:
                html.append(f"\n  <div><label>{_shown(group)}</label>")
            for option in options:
                if option["template_name"] not in _STOCK_OPTIONS:
                    return super().render(name, value, attrs, renderer)  # type: ignore[misc]
                html.append(f"<div>\n    {_option(option)}</div>")
            if group:
                html.append("\n  </div>")
        html.append("\n</div>")
        return mark_safe("".join(html))  # noqa: S308  # nosec B308 B703: values escaped (_shown)

    def _stock(self, renderer: Any) -> bool:
        renderer = renderer or get_default_renderer()
        return type(renderer) is DjangoTemplates and self.template_name in _STOCK


class RadioSelect(FastChoiceMixin, forms.RadioSelect):
    pass


class CheckboxSelectMultiple(FastChoiceMixin, forms.CheckboxSelectMultiple):
    pass


class FastInputMixin:
    """`render` of a hidden input or a text area without the template engine (a list shows
    one small form per row: My work's "Dismiss" on every item)."""

    template_name: str

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        renderer = renderer or get_default_renderer()
        if type(renderer) is not DjangoTemplates or self.template_name not in _STOCK_INPUTS:
            return super().render(name, value, attrs, renderer)  # type: ignore[misc]
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        if self.template_name == f"{_WIDGETS}textarea.html":
            shown = _shown(widget["value"]) if widget["value"] else ""
            html = (
                f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n'
                f"{shown}</textarea>"
            )
        else:
            value = widget["value"]
            shown = f' value="{_formatted(value)}"' if value is not None else ""
            html = (
                f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"'
                f"{shown}{_attrs(widget['attrs'])}>"
            )
        return mark_safe(html)  # noqa: S308  # nosec B308 B703: values escaped (_shown)


_STOCK_INPUTS = {f"{_WIDGETS}hidden.html", f"{_WIDGETS}textarea.html"}


class HiddenInput(FastInputMixin, forms.HiddenInput):
    pass


class Textarea(FastInputMixin, forms.Textarea):
    pass


def fields_html(form: forms.Form) -> SafeString | None:
    """What `form_fields.html` renders for `form`, written out in Python, for a form shown
    once per row of a list (My work's Dismiss); None when the form shows errors or has a
    check box, which the template renders (`tests/core/test_widgets.py` compares them)."""
    visible = form.visible_fields()
    if form.errors or any(f.widget_type.startswith("checkbox") for f in visible):
        return None
    required = f'<span class="visually-hidden">{_shown(gettext("(required)"))}</span>'
    html = ["\n", *(str(field) for field in form.hidden_fields()), "\n"]
    for field in visible:
        star = f' <span aria-hidden="true">*</span>{required}' if field.field.required else ""
        help_text = (
            f'<div class="form-text" id="{_shown(field.auto_id)}_helptext">'
            f"{_shown(field.help_text)}</div>"
            if field.help_text
            else ""
        )
        html.append(
            f'\n\n<div class="mb-3">\n  <label for="{_shown(field.id_for_label)}" '
            f'class="form-label">{_shown(field.label)}{star}</label>\n  {field}\n  '
            f"{help_text}\n  \n</div>\n\n"
        )
    html.append("\n")
    return mark_safe("".join(html))  # noqa: S308  # nosec B308 B703: values escaped
