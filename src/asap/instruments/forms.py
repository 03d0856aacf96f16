"""Forms built from definitions: one dispatch table turns an item into a form field."""

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from asap.cases.forms import DATE, StyledForm, VersionedForm
from asap.cases.validators import SharedTextMixin
from asap.core.uploads import MAX_DEFINITION_BYTES, MAX_WORKBOOK_BYTES, size_label
from asap.instruments.definition import NO, UNKNOWN, YES, Definition, Item, text_in

YES_NO_UNKNOWN = [(YES, _("Yes")), (NO, _("No")), (UNKNOWN, _("Don't know"))]


def _yes_no_unknown(item: Item) -> forms.Field:
    return forms.ChoiceField(choices=YES_NO_UNKNOWN, widget=forms.RadioSelect)


def _options(item: Item) -> list[tuple[str, str]]:
    return [(option.key, text_in(option.text)) for option in item.options]


def _single(item: Item) -> forms.Field:
    return forms.ChoiceField(choices=[("", "—"), *_options(item)])


def _multiple(item: Item) -> forms.Field:
    return forms.MultipleChoiceField(choices=_options(item), widget=forms.CheckboxSelectMultiple)


def _scale(item: Item) -> forms.Field:
    steps = range(int(item.minimum), int(item.maximum) + 1)
    return forms.TypedChoiceField(
        choices=[("", "—"), *((str(n), str(n)) for n in steps)], coerce=int, empty_value=None
    )


def _number(item: Item) -> forms.Field:
    return forms.FloatField(min_value=item.minimum, max_value=item.maximum)


def _date(item: Item) -> forms.Field:
    return forms.DateField(widget=DATE)


def _text(item: Item) -> forms.Field:
    return forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


FIELD_BUILDERS: dict[str, Callable[[Item], forms.Field]] = {
    "yes_no_unknown": _yes_no_unknown,
    "single": _single,
    "multiple": _multiple,
    "scale": _scale,
    "number": _number,
    "date": _date,
    "text": _text,
}


def build_field(item: Item) -> forms.Field:
    """The form field for one item, by its answer type."""
    field = FIELD_BUILDERS[item.type](item)
    field.label = item.label()
    field.help_text = text_in(item.help) if item.help else ""
    field.required = False  # a worker saves what is known now and comes back
    field.item = item
    return field


def field_name(item: Item) -> str:
    return f"item_{item.key}"


def _stored(value: Any) -> Any:
    """An answer as JSON can hold it."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _initial(item: Item, value: Any) -> Any:
    if item.type == "date" and value:
        return datetime.date.fromisoformat(value)
    return value


class DefinitionFieldsForm(StyledForm):
    """A form with one field per item of a definition (or of `items`), showing the stored
    `answers` and giving them back as JSON can hold them."""

    def __init__(
        self,
        *args: Any,
        definition: Definition,
        answers: dict[str, Any],
        items: list[Item] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        self.items = definition.items if items is None else items
        for item in self.items:
            field = build_field(item)
            field.initial = _initial(item, answers.get(item.key))
            self.fields[field_name(item)] = field
        self.style_fields()  # the fields built from the definition

    def answers(self) -> dict[str, Any]:
        """item key → answer (None: not answered)."""
        return {item.key: _stored(self.cleaned_data.get(field_name(item))) for item in self.items}

    def fields_of(self, item: Item) -> forms.BoundField:
        return self[field_name(item)]


class AnswersForm(DefinitionFieldsForm, VersionedForm):
    """One side's answers to a definition; an item it does not answer stays empty."""


class CompleteForm(SharedTextMixin, VersionedForm):
    """The agreed level per scored section: never below the rule's, a reason when above.
    The reasons are read by every side: with `access`, one that names a protected value is
    refused."""

    shared_text_fields = ("reason_*",)

    def __init__(
        self,
        *args: Any,
        definition: Definition,
        rule_levels: dict[str, str],
        level_labels: dict[str, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.definition, self.rule_levels = definition, rule_levels
        for section in definition.sections:
            if section.key not in rule_levels:
                continue
            rule = rule_levels[section.key]
            allowed = definition.levels[definition.levels.index(rule) :]
            title = text_in(section.title)
            self.fields[f"final_{section.key}"] = forms.ChoiceField(
                label=_("%(section)s — final level") % {"section": title},
                choices=[(level, level_labels.get(level, level)) for level in allowed],
                initial=rule,
                error_messages={
                    "invalid_choice": _(
                        "A level is never lowered below the rule's: choose %(level)s or higher."
                    )
                    % {"level": level_labels.get(rule, rule)}
                },
                help_text=_("The rule gives: %(level)s. You may raise it, never lower it.")
                % {"level": level_labels.get(rule, rule)},
            )
            self.fields[f"reason_{section.key}"] = forms.CharField(
                label=_("%(section)s — reason for raising the level") % {"section": title},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.style_fields()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for section, rule in self.rule_levels.items():
            final = data.get(f"final_{section}")
            refused = f"reason_{section}" in self.errors  # e.g. it names a protected value
            if (
                final
                and final != rule
                and not refused
                and not (data.get(f"reason_{section}") or "").strip()
            ):
                self.add_error(
                    f"reason_{section}",
                    _("Say why professional judgement raises the level above the rule's."),
                )
        return data

    def decisions(self) -> dict[str, tuple[str, str]]:
        return {
            section: (self.cleaned_data[f"final_{section}"], self.cleaned_data[f"reason_{section}"])
            for section in self.rule_levels
        }


class UploadDefinitionForm(StyledForm):
    file = forms.FileField(
        label=_("Definition file"),
        help_text=_("A YAML definition (.yaml) or an XLSForm spreadsheet (.xlsx)."),
    )

    def clean_file(self) -> Any:
        """The upload's type and size, before anything reads it (asap.core.uploads)."""
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".yaml", ".yml", ".xlsx")):
            raise forms.ValidationError(_("Upload a .yaml file or an .xlsx XLSForm."))
        is_workbook = upload.name.lower().endswith(".xlsx")
        limit = MAX_WORKBOOK_BYTES if is_workbook else MAX_DEFINITION_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s.") % {"limit": size_label(limit)}
            )
        return upload
