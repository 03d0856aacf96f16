"""The radio buttons and check boxes written out in Python (`asap.core.widgets`) give the
same HTML as Django's templates, in every form they take on the platform's pages."""

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from asap.core import widgets

CHOICES = [
    ("yes", gettext_lazy("Yes")),
    ("no", "No & <never>"),
    ("", "—"),
    (3, 3),
    (4.5, 4.5),
    ("Group", [("a", "A"), ("b", mark_safe("<b>B</b>"))]),
]
CASES = [
    ("answer", None, None),
    ("answer", "yes", {"id": "id_answer"}),
    ("answer", "no", {"id": "id_x", "class": "inline", "required": True}),
    (
        "answer",
        "",
        {"id": "id_y", "aria-invalid": "true", "aria-describedby": "h e", "disabled": False},
    ),
    ("answer", ["a", "b", 3], {"data-x": 'quote"s'}),
    ("answer", "b", {"id": mark_safe("id_<z>")}),
]


@pytest.mark.parametrize(
    ("fast", "stock"),
    [
        (widgets.RadioSelect, forms.RadioSelect),
        (widgets.CheckboxSelectMultiple, forms.CheckboxSelectMultiple),
    ],
)
@pytest.mark.parametrize(("name", "value", "attrs"), CASES)
def test_the_same_html_as_the_templates(fast, stock, name, value, attrs):
    for options in (CHOICES, CHOICES[:3], []):
        for own in ({}, {"class": "form-check"}):
            html = fast(attrs=own, choices=options).render(name, value, attrs)
            assert html == stock(attrs=own, choices=options).render(name, value, attrs)
    assert "<input" in fast(choices=CHOICES).render(name, value, attrs)


def test_a_form_field_renders_as_with_the_templates():
    class Stock(forms.Form):
        answer = forms.ChoiceField(choices=CHOICES[:2], widget=forms.RadioSelect, help_text="h")

    class Fast(forms.Form):
        answer = forms.ChoiceField(choices=CHOICES[:2], widget=widgets.RadioSelect, help_text="h")

    for data in (None, {"answer": "yes"}, {"answer": "nothing"}):
        assert str(Fast(data)["answer"]) == str(Stock(data)["answer"])
        assert Fast(data).as_div() == Stock(data).as_div()


def test_another_template_is_rendered_by_the_templates():
    class Other(widgets.RadioSelect):
        option_template_name = "django/forms/widgets/input.html"

    html = Other(choices=CHOICES[:2]).render("answer", "yes", {"id": "id_a"})
    assert html == forms.RadioSelect.render(
        Other(choices=CHOICES[:2]), "answer", "yes", {"id": "id_a"}
    )
    assert "<label" not in html


INPUT_CASES = [
    ("reason", None, None),
    ("reason", "", {"id": "id_reason"}),
    ("reason", 'Said "no" & <left>', {"id": "item-1-reason", "required": True}),
    ("reason", mark_safe("<b>kept</b>"), {"aria-describedby": "h e", "disabled": False}),
    ("key", 3, {"id": mark_safe("id_<k>"), "maxlength": 120}),
    ("key", 0, {}),
]


@pytest.mark.parametrize(
    ("fast", "stock"),
    [(widgets.HiddenInput, forms.HiddenInput), (widgets.Textarea, forms.Textarea)],
)
@pytest.mark.parametrize(("name", "value", "attrs"), INPUT_CASES)
def test_hidden_inputs_and_text_areas_as_the_templates(fast, stock, name, value, attrs):
    for own in ({}, {"rows": 2, "class": "form-control"}):
        html = fast(attrs=own).render(name, value, attrs)
        assert html == stock(attrs=own).render(name, value, attrs)
    assert name in html


def test_a_small_form_renders_as_with_the_templates():
    class Stock(forms.Form):
        key = forms.CharField(widget=forms.HiddenInput, max_length=120)
        reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), help_text="h")

    class Fast(forms.Form):
        key = forms.CharField(widget=widgets.HiddenInput, max_length=120)
        reason = forms.CharField(widget=widgets.Textarea(attrs={"rows": 2}), help_text="h")

    for data in (None, {"key": "k&1", "reason": "<why>\nline"}, {"key": "", "reason": ""}):
        for name in ("key", "reason"):
            assert str(Fast(data, auto_id="item-1-%s")[name]) == str(
                Stock(data, auto_id="item-1-%s")[name]
            )
        assert Fast(data).as_div() == Stock(data).as_div()


def test_form_fields_as_the_template():
    from django.template.loader import render_to_string
    from django.utils.translation import override

    from asap.work.forms import DismissForm

    class Other(forms.Form):
        key = forms.CharField(widget=widgets.HiddenInput)
        name = forms.CharField(label=mark_safe("<i>Name</i>"), required=False)
        note = forms.CharField(label="A & B", help_text="<help>")

    shown = [
        DismissForm(initial={"key": "k<1>"}, auto_id="item-1-%s"),
        DismissForm(),
        Other(initial={"key": 3, "name": "n"}),
        Other({"key": "a", "name": "b", "note": "c"}),
    ]
    for language in ("en", "it"):
        with override(language):
            for form in shown:
                assert widgets.fields_html(form) == render_to_string(
                    "form_fields.html", {"form": form}
                )
    failed = DismissForm({"key": "k"})
    assert widgets.fields_html(failed) is None  # errors: the template shows them
    assert "invalid-feedback" in render_to_string("form_fields.html", {"form": failed})
