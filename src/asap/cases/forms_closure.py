"""Forms of closing, reopening, handing the lead over and transferring a case."""

from django import forms
from django.utils.translation import gettext_lazy as _

from asap.cases.enums import ClosingReason, Side
from asap.cases.forms import StyledForm, VersionedForm
from asap.cases.services.closure import VICTIM_SIDE_REASONS
from asap.cases.validators import SharedTextMixin


class CloseCaseForm(VersionedForm):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=())
    note = forms.CharField(
        label=_("Closing note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "How the case ends and what was arranged. Your side only reads it: it is kept in "
            "your side's compartment."
        ),
    )
    field_order = ["reason", "note"]

    def __init__(self, *args: object, side: str | None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Her request is hers to tell: only the victim side records it (and reads it).
        self.fields["reason"].choices = [
            ("", _("Choose a reason")),
            *[
                (value, label)
                for value, label in ClosingReason.choices
                if side == Side.VICTIM or value not in VICTIM_SIDE_REASONS
            ],
        ]


class ReopenCaseForm(VersionedForm):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your side only reads it: it is kept in your side's compartment."),
    )


class LeadForm(StyledForm):
    user = forms.ModelChoiceField(label=_("New lead worker"), queryset=None)

    def __init__(self, *args: object, colleagues: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = colleagues


class TransferForm(SharedTextMixin, StyledForm):
    shared_text_fields = ("message",)
    organisation = forms.ModelChoiceField(label=_("Organisation taking over"), queryset=None)
    message = forms.CharField(
        label=_("Message to the organisation"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Every member will read it: no names, addresses or contact details."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that our workers leave the case now and no longer see it.")
    )

    def __init__(self, *args: object, organisations: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
