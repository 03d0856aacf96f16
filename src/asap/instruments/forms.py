"""Forms built from definitions: one dispatch table turns an item into a form field."""

import datetime
from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from asap.cases.forms import StyledForm, VersionedForm
from asap.cases.validators import SharedTextMixin
from asap.core.dates import DateField
from asap.core.uploads import MAX_DEFINITION_BYTES, MAX_WORKBOOK_BYTES, size_label
from asap.core.widgets import CheckboxSelectMultiple, RadioSelect
from asap.instruments.definition import NO, UNKNOWN, YES, Definition, Item, text_in
from asap.instruments.scoring import Unit

YES_NO_UNKNOWN = [(YES, _("Yes")), (NO, _("No")), (UNKNOWN, _("Don't know"))]


def _yes_no_unknown(item: Item) -> forms.Field:
    return forms.ChoiceField(choices=YES_NO_UNKNOWN, widget=RadioSelect)


def _options(item: Item) -> list[tuple[str, str]]:
    return [(option.key, text_in(option.text)) for option in item.options]


def _single(item: Item) -> forms.Field:
    return forms.ChoiceField(choices=[("", "—"), *_options(item)])


def _multiple(item: Item) -> forms.Field:
    return forms.MultipleChoiceField(choices=_options(item), widget=CheckboxSelectMultiple)


def _scale(item: Item) -> forms.Field:
    steps = range(int(item.minimum), int(item.maximum) + 1)
    return forms.TypedChoiceField(
        choices=[("", "—"), *((str(n), str(n)) for n in steps)], coerce=int, empty_value=None
    )


def _number(item: Item) -> forms.Field:
    return forms.FloatField(min_value=item.minimum, max_value=item.maximum)


def _date(item: Item) -> forms.Field:
    return DateField()


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


def field_name(item: Item, child: int | None = None) -> str:
    """The item's field; in a section answered per child, one per child."""
    return f"item_{item.key}" if child is None else f"item_{item.key}@{child}"


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
    `answers` and giving them back as JSON can hold them. An item of a section answered
    per child has one field per child in `children` (None: for all the children together),
    showing `child_values` (child → item → answer)."""

    def __init__(
        self,
        *args: Any,
        definition: Definition,
        answers: dict[str, Any],
        items: list[Item] | None = None,
        children: Sequence[int | None] = (),
        child_values: dict[int | None, dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        self.items = definition.items if items is None else items
        per_child = {
            i.key for section in definition.sections if section.per_child for i in section.items
        }
        values = {**(child_values or {}), None: answers}
        self.fields_for: list[tuple[Item, int | None]] = []
        for item in self.items:
            for child in children if item.key in per_child and children else [None]:
                field = build_field(item)
                field.initial = _initial(item, values.get(child, {}).get(item.key))
                self.fields[field_name(item, child)] = field
                self.fields_for.append((item, child))
        self.style_fields()  # the fields built from the definition

    def answers(self) -> dict[str, Any]:
        """item key → answer (None: not answered), for the fields about no one child."""
        return {
            item.key: _stored(self.cleaned_data.get(field_name(item)))
            for item, child in self.fields_for
            if child is None
        }

    def child_answers(self) -> dict[int, dict[str, Any]]:
        """child → item key → answer, for the fields of a section answered per child."""
        answers: dict[int, dict[str, Any]] = {}
        for item, child in self.fields_for:
            if child is not None:
                value = _stored(self.cleaned_data.get(field_name(item, child)))
                answers.setdefault(child, {})[item.key] = value
        return answers

    def fields_of(self, item: Item, child: int | None = None) -> forms.BoundField:
        return self[field_name(item, child)]


class AnswersForm(DefinitionFieldsForm, VersionedForm):
    """One side's answers to a definition; an item it does not answer stays empty."""


def unit_name(unit: Unit) -> str:
    """The form's name for a level: the section key, and the child for a section answered
    per child."""
    section, child = unit
    return section if child is None else f"{section}@{child}"


class CompleteForm(SharedTextMixin, VersionedForm):
    """The agreed level per scored section (per child, for a section answered per child):
    never below the rule's, a reason when above. The reasons are read by every side: with
    `access`, one that names a protected value is refused."""

    shared_text_fields = ("reason_*",)

    def __init__(
        self,
        *args: Any,
        definition: Definition,
        rule_levels: dict[Unit, str],
        level_labels: dict[str, str],
        unit_titles: dict[Unit, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.definition, self.rule_levels = definition, rule_levels
        for unit, rule in rule_levels.items():
            allowed = definition.levels[definition.levels.index(rule) :]
            title = unit_titles[unit]
            name = unit_name(unit)
            self.fields[f"final_{name}"] = forms.ChoiceField(
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
            self.fields[f"reason_{name}"] = forms.CharField(
                label=_("%(section)s — reason for raising the level") % {"section": title},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.style_fields()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for unit, rule in self.rule_levels.items():
            name = unit_name(unit)
            final = data.get(f"final_{name}")
            refused = f"reason_{name}" in self.errors  # e.g. it names a protected value
            if (
                final
                and final != rule
                and not refused
                and not (data.get(f"reason_{name}") or "").strip()
            ):
                self.add_error(
                    f"reason_{name}",
                    _("Say why professional judgement raises the level above the rule's."),
                )
        return data

    def decisions(self) -> dict[Unit, tuple[str, str]]:
        return {
            unit: (
                self.cleaned_data[f"final_{unit_name(unit)}"],
                self.cleaned_data[f"reason_{unit_name(unit)}"],
            )
            for unit in self.rule_levels
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
