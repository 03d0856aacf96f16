"""Forms of the justice app: an order, a proceeding, a court condition (each filed under a
compartment the recorder's side writes), a progress report and the confirmation that it was
sent."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from asap.cases.enums import Compartment
from asap.cases.forms import StyledForm
from asap.cases.validators import SharedTextMixin, read_by_another_side
from asap.core.dates import DateField, show_date
from asap.justice.enums import (
    OrderKind,
    ProceedingKind,
    ProceedingStatus,
    Protects,
    ReportingInterval,
    ReportTo,
)

TEXT = forms.Textarea(attrs={"rows": 3})
NO_PLACE = _(
    "Name places as “her home” or “the children's school”. An address or "
    "any place that locates her or the children belongs only in a record filed as "
    "protected (victim side)."
)


class CourtRecordForm(SharedTextMixin, StyledForm):
    """The common part: the compartment, chosen among those the recorder's side writes, and
    (with `versioned`) the version the editor opened. A victim-side writer's text that
    another side would read (filed joint, or shared) must not name a protected value."""

    compartment = forms.ChoiceField(
        label=_("Who may read it"),
        help_text=_(
            "Protected: victim side only, never shared. Joint: every member of the case (the "
            "programme reads what the victim side files here only under her consent)."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args: Any, compartments: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Compartment.choices)
        self.fields["compartment"].choices = [(c, labels[c]) for c in compartments]
        # The compartment is asked last: after the text, so the writer knows what they file.
        self.order_fields([name for name in self.fields if name != "compartment"])

    def shared_text_applies(self, cleaned: Any) -> bool:
        access = self.shared_text_access
        if access is not None and not access.is_victim_side:
            return False  # no oracle: another side is never told that a guess matches
        if cleaned.get("compartment") == Compartment.JOINT:
            return True
        entry = self.shared_text_entry
        return entry is not None and read_by_another_side(entry)


class ProtectionOrderForm(CourtRecordForm):
    shared_text_fields = ("issuing_authority", "other_conditions")
    kind = forms.ChoiceField(label=_("Kind of order"), choices=[("", "—"), *OrderKind.choices])
    protects = forms.ChoiceField(label=_("It protects"), choices=[("", "—"), *Protects.choices])
    issuing_authority = forms.CharField(
        label=_("Issued by"),
        max_length=500,
        help_text=_("The police force, court or prosecutor that issued it."),
    )
    issued_on = DateField(label=_("Issued on"))
    valid_from = DateField(label=_("Valid from"))
    valid_until = DateField(
        label=_("Valid until"),
        required=False,
        help_text=_(
            "Leave empty for an order without an end date. The end appears in "
            "“My work” two weeks ahead."
        ),
    )
    minimum_distance_m = forms.IntegerField(
        label=_("Minimum distance (metres)"), required=False, min_value=1, max_value=100000
    )
    no_contact = forms.BooleanField(
        label=_("No contact (in person, by phone, online or through others)"), required=False
    )
    other_conditions = forms.CharField(
        label=_("Other conditions"),
        required=False,
        max_length=5000,
        widget=TEXT,
        help_text=NO_PLACE,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("An order cannot end before it begins."))
        issued = data.get("issued_on")
        if issued and start and start < issued:
            self.add_error("valid_from", _("An order cannot apply before it was issued."))
        return data


class ProceedingForm(CourtRecordForm):
    shared_text_fields = ("court", "reference", "note")
    kind = forms.ChoiceField(
        label=_("Kind of proceeding"), choices=[("", "—"), *ProceedingKind.choices]
    )
    court = forms.CharField(label=_("Court"), max_length=500)
    reference = forms.CharField(label=_("Court reference"), max_length=200, required=False)
    next_hearing = DateField(
        label=_("Next hearing"),
        required=False,
        help_text=_("The hearing appears in “My work” two weeks ahead."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ProceedingStatus.choices, initial=ProceedingStatus.ONGOING
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=TEXT, help_text=NO_PLACE
    )


class CourtConditionForm(CourtRecordForm):
    shared_text_fields = ("ordered_by", "reference", "other_conditions")
    ordered_by = forms.CharField(
        label=_("Ordered by"),
        max_length=500,
        help_text=_("The court, prosecutor or probation service that ordered the programme."),
    )
    ordered_on = DateField(label=_("Ordered on"))
    reference = forms.CharField(label=_("Court reference"), max_length=200, required=False)
    required_sessions = forms.IntegerField(
        label=_("Sessions required"), required=False, min_value=1, max_value=1000
    )
    report_to = forms.ChoiceField(label=_("Report to"), choices=[("", "—"), *ReportTo.choices])
    reporting_interval = forms.ChoiceField(
        label=_("Reporting interval"), choices=[("", "—"), *ReportingInterval.choices]
    )
    other_conditions = forms.CharField(
        label=_("Other conditions"),
        required=False,
        max_length=5000,
        widget=TEXT,
        help_text=NO_PLACE,
    )


FORMS = {
    "order": ProtectionOrderForm,
    "proceeding": ProceedingForm,
    "condition": CourtConditionForm,
}


def record_initial(record: Any, form_class: type[CourtRecordForm]) -> dict[str, Any]:
    """The form's values from a recorded order, proceeding or condition."""
    names = [n for n in form_class.base_fields if n not in ("compartment", "version")]
    return {
        **{name: getattr(record, name) for name in names},
        "compartment": record.entry.compartment,
        "version": record.version,
    }


class ProgressReportForm(StyledForm):
    """The period and the recipient of a progress report, and a covering note."""

    period_from = DateField(label=_("Period from"))
    period_to = DateField(label=_("Period to"))
    report_to = forms.ChoiceField(label=_("Report to"), choices=[("", "—"), *ReportTo.choices])
    recipient = forms.CharField(
        label=_("Recipient"),
        required=False,
        max_length=500,
        help_text=_("The office or officer the report goes to."),
    )
    condition = forms.ChoiceField(label=_("Under the court condition"), required=False)
    covering_note = forms.CharField(
        label=_("Covering note"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What the court or the probation service should know about his progress. Nothing "
            "she told the victim side, nothing that locates her or the children."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args: Any, conditions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conditions = {str(c.pk): c for c in conditions}
        self.fields["condition"].choices = [("", "—")] + [
            (str(c.pk), f"{show_date(c.ordered_on)} · {c.get_report_to_display()}")
            for c in conditions
        ]

    def clean_condition(self) -> Any:
        return self.conditions.get(self.cleaned_data.get("condition") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("The period cannot end before it begins."))
        return data


class SendReportForm(StyledForm):
    """The worker confirms they reviewed what they send; the digest is of the figures they
    saw, so that a register changed meanwhile is not sent unseen."""

    confirm = forms.BooleanField(
        label=_("I reviewed this report and sent it to the recipient named above")
    )
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
