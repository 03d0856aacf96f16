"""Forms of agreements. The choices of parties come in from the views (through queries or the
door); a case-level agreement's text is checked against the case's protected details."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from asap.agreements.enums import AgreementLevel
from asap.agreements.standard import SECTIONS
from asap.cases.forms import BoundedModelMultipleChoiceField, StyledForm, VersionedForm
from asap.cases.validators import SharedTextMixin
from asap.core.dates import DateField

SECTION_HELP = {
    "legislative_framework": _("The laws and regulations the cooperation rests on, if any."),
}


class AgreementForm(SharedTextMixin, StyledForm):
    """Title, parties, dates and the five sections of the standard agreement. A case level
    agreement's text may not name a protected value (with `access`: the case's names and
    details; without: the bare values of `protected`, empty for other sides)."""

    shared_text_fields = ("title", *dict(SECTIONS))

    title = forms.CharField(label=_("Title"), max_length=200)
    parties = BoundedModelMultipleChoiceField(
        label=_("The other parties"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your agency is a party. Name at least one other agency."),
    )
    starts_on = DateField(label=_("In force from"), required=False)
    ends_on = DateField(label=_("In force until"), required=False)

    def __init__(
        self,
        *args: Any,
        level: str,
        partners: Any,
        protected: Iterable[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.level = level
        self.protected = list(protected)
        self.shared_text_values = self.protected
        self.fields["parties"].queryset = partners
        for name, label in SECTIONS:
            self.fields[name] = forms.CharField(
                label=label,
                required=name != "legislative_framework",
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=SECTION_HELP.get(name, ""),
            )
        if level == AgreementLevel.CASE:
            self.fields["starts_on"].required = True
            self.fields["ends_on"].required = True
            self.fields["ends_on"].help_text = _(
                "A case level agreement is limited in time and in the scope of one case."
            )
        else:
            self.fields["starts_on"].help_text = _("Leave empty: in force once every party signs.")
            self.fields["ends_on"].help_text = _(
                "An organisations level agreement is not limited in time: leave empty unless "
                "the managements agreed an end."
            )
        self.style_fields()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end comes before the start."))
        return cleaned

    def shared_text_applies(self, cleaned: Any) -> bool:
        return self.level == AgreementLevel.CASE and super().shared_text_applies(cleaned)

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            **{name: data[name] for name, _label in SECTIONS},
        }


class EditAgreementForm(VersionedForm, AgreementForm):
    """The same form on a draft, carrying the version it was opened with."""


class SignForm(forms.Form):
    """Which party the signatory signs for (one of the agencies they may sign for)."""

    party = forms.TypedChoiceField(coerce=int, choices=())

    def __init__(self, *args: Any, parties: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [(p.pk, p.organisation.name) for p in parties]
