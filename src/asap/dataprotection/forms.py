"""Forms of the data-protection officer's pages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from asap.cases.forms import StyledForm
from asap.core.dates import DateTimeField
from asap.dataprotection.enums import DecisionOutcome, LegalGround, PersonChoice, RecordKind


class OrganisationChoiceMixin:
    """A choice of organisation for a new record, shown only to an officer of several."""

    def add_organisation(self, organisations: Any) -> None:
        choices = [(o.pk, o.name) for o in organisations]
        if len(choices) > 1:
            self.fields["organisation"] = forms.TypedChoiceField(  # type: ignore[attr-defined]
                label=_("Organisation"), choices=choices, coerce=int
            )
            self.style_fields()  # type: ignore[attr-defined]


class RetentionRulesForm(StyledForm):
    """Years after a closed case's last activity, per record kind."""

    def __init__(self, *args: Any, rules: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in RecordKind:
            self.fields[kind.value] = forms.IntegerField(
                label=kind.label, min_value=1, max_value=100, initial=rules[kind.value]
            )
        self.style_fields()


class PersonRequestForm(StyledForm):
    """A data subject's request: the case (by code), the person (by role), its reference."""

    case_code = forms.CharField(
        label=_("Case code"),
        max_length=16,
        help_text=_("The pseudonymous code, e.g. JC-7KQ4-M2XA."),
    )
    person = forms.ChoiceField(label=_("Person"), choices=PersonChoice.choices)
    reference = forms.CharField(
        label=_("Request reference"),
        max_length=120,
        help_text=_("Your reference for the request (never the person's name)."),
    )


def prefilled(query: Any) -> dict[str, str]:
    """The case code and person a link carries (the search by name links to the request
    forms this way); anything else is left out."""
    initial = {"case_code": str(query.get("case_code", ""))[:16]}
    if query.get("person") in PersonChoice.values:
        initial["person"] = query["person"]
    return initial


class NameSearchForm(StyledForm):
    """A data subject's name, matched exactly (capitals and spacing aside)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        min_length=2,
        help_text=_(
            "The full name as the case records it. Capitals and extra spaces do not matter; "
            "a part of the name or another spelling finds nothing."
        ),
    )


class DecisionForm(PersonRequestForm):
    """An erasure request refused or answered by a restriction, on a legal ground."""

    outcome = forms.ChoiceField(label=_("Decision"), choices=DecisionOutcome.choices)
    ground = forms.ChoiceField(label=_("Legal ground"), choices=LegalGround.choices)
    explanation = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea,
        max_length=4000,
        help_text=_(
            "Why the ground applies, in words for the requester: it goes into the letter. "
            "Another person's name or details are withheld from the letter."
        ),
    )


class LiftRestrictionForm(StyledForm):
    confirm = forms.BooleanField(
        label=_(
            "The person was told before the restriction is lifted (art. 18(3)), and the case "
            "may be changed again."
        ),
    )


class ErasureForm(PersonRequestForm):
    confirm = forms.BooleanField(
        label=_("I confirm the request was verified and that erasure cannot be undone."),
    )


class ApplyReportForm(StyledForm):
    confirm = forms.BooleanField(
        label=_("I reviewed the dry run: anonymise the cases it lists. This cannot be undone."),
    )


class ActivityForm(OrganisationChoiceMixin, StyledForm):
    """One entry of the record of processing activities (art. 30)."""

    name = forms.CharField(label=_("Processing activity"), max_length=200)
    controller = forms.CharField(
        label=_("Controller and contact details"), widget=forms.Textarea, required=False
    )
    purpose = forms.CharField(label=_("Purposes of the processing"), widget=forms.Textarea)
    data_subjects = forms.CharField(label=_("Categories of data subjects"), widget=forms.Textarea)
    data_categories = forms.CharField(label=_("Categories of personal data"), widget=forms.Textarea)
    recipients = forms.CharField(label=_("Categories of recipients"), widget=forms.Textarea)
    transfers = forms.CharField(
        label=_("Transfers to third countries and safeguards"),
        widget=forms.Textarea,
        required=False,
    )
    retention = forms.CharField(label=_("Time limits for erasure"), widget=forms.Textarea)
    security = forms.CharField(
        label=_("Technical and organisational security measures"), widget=forms.Textarea
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class BreachForm(OrganisationChoiceMixin, StyledForm):
    """A personal data breach (art. 33(5)): facts, effects and remedial action."""

    discovered_at = DateTimeField(label=_("Discovered on"))
    nature = forms.CharField(label=_("Nature of the breach"), widget=forms.Textarea)
    data_categories = forms.CharField(
        label=_("Categories of data concerned"), widget=forms.Textarea
    )
    subjects_affected = forms.IntegerField(
        label=_("Approximate number of data subjects"), min_value=0
    )
    records_affected = forms.IntegerField(label=_("Approximate number of records"), min_value=0)
    consequences = forms.CharField(label=_("Likely consequences"), widget=forms.Textarea)
    measures = forms.CharField(label=_("Measures taken or proposed"), widget=forms.Textarea)
    authority_notified_at = DateTimeField(
        label=_("Supervisory authority notified on"), required=False
    )
    subjects_notified_at = DateTimeField(label=_("Data subjects notified on"), required=False)
    reason_not_notified = forms.CharField(
        label=_("Reason for not notifying (or for a late notification)"),
        widget=forms.Textarea,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        unnotified = not data.get("authority_notified_at") or not data.get("subjects_notified_at")
        if unnotified and not data.get("reason_not_notified"):
            self.add_error(
                "reason_not_notified",
                _("Say why the authority or the data subjects were not notified."),
            )
        return data
