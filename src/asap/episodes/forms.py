"""Forms of the episodes app: an episode, and a remote session with its safety check."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asap.cases.forms import StyledForm, VersionedForm
from asap.cases.validators import SharedTextMixin
from asap.core.dates import DateField, DateTimeField
from asap.episodes.enums import (
    Channel,
    ChildrenPresent,
    FormOfViolence,
    SessionOutcome,
    Severity,
    WithWhom,
)
from asap.episodes.rules import safety_check_gaps

TEXT = {"rows": 3}


class EpisodeForm(SharedTextMixin, StyledForm):
    """With `access` (and, for a recorded episode, its timeline `entry`), a note another
    side reads (filed joint, or shared) that names a protected value is refused."""

    shared_text_fields = ("note",)
    date_from = DateField(
        label=_("Date"),
        help_text=_("For a period, the first day. Give the last day below."),
    )
    date_to = DateField(label=_("Last day of the period"), required=False)
    forms_of_violence = forms.MultipleChoiceField(
        label=_("Forms of violence"),
        choices=FormOfViolence.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    severity = forms.ChoiceField(
        label=_("Severity"),
        choices=[("", "—"), *Severity.choices],
        help_text=_(
            "Your professional judgement. High: an injury, a weapon, strangling, a threat to "
            "kill or sexual violence. Medium: other physical violence, or threats and control "
            "that frighten her. Low: the rest."
        ),
    )
    children_present = forms.ChoiceField(
        label=_("Were children present?"), choices=[("", "—"), *ChildrenPresent.choices]
    )
    police_involved = forms.BooleanField(label=_("The police were involved"), required=False)
    court_involved = forms.BooleanField(label=_("A court was involved"), required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What happened, in the words of whoever reported it. No address or place that could "
            "locate her or the children: those belong in her protected details."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        today = timezone.localdate()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_from > today:
            self.add_error("date_from", _("An episode cannot be dated in the future."))
        if date_to and date_to > today:
            self.add_error("date_to", _("An episode cannot be dated in the future."))
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("The period cannot end before it begins."))
        return data

    def shared_text_compartment(self, cleaned: Any) -> str:
        from asap.episodes.enums import EPISODE_COMPARTMENT
        from asap.episodes.services import source_for

        return EPISODE_COMPARTMENT[source_for(self.shared_text_access)]


class EditEpisodeForm(EpisodeForm, VersionedForm):
    pass


def episode_initial(episode: Any) -> dict[str, Any]:
    names = [*EpisodeForm.base_fields, "version"]
    return {name: getattr(episode, name) for name in names}


SAFETY_CHECK_MISSING = {
    "person_alone_and_safe": _(
        "Check before the session starts that the person is alone and safe to talk, or record "
        "the session as not held or stopped, with the reason."
    ),
    "device_safe": _(
        "Check before the session starts that the device and the connection are safe, or "
        "record the session as not held or stopped, with the reason."
    ),
    "end_signal": _(
        "Agree a signal to end the call before the session starts, or record the session as "
        "not held or stopped, with the reason."
    ),
}


class RemoteSessionForm(StyledForm):
    """Counselling or cooperation at a distance, in the words of Module 4."""

    held_at = DateTimeField(label=_("Date and time"))
    with_whom = forms.ChoiceField(label=_("With whom"))
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", "—"), *Channel.choices])
    contact_details = forms.CharField(
        label=_("Number or account used"),
        required=False,
        max_length=500,
        help_text=_("Protected when the session is with the woman or a child: victim side only."),
    )
    person_alone_and_safe = forms.BooleanField(
        label=_("The person is alone and safe to talk (confidentiality and privacy)"),
        required=False,
    )
    device_safe = forms.BooleanField(
        label=_("The device and the connection are safe: not shared, not monitored, encrypted"),
        required=False,
    )
    end_signal = forms.CharField(
        label=_("Agreed signal to end the call"),
        required=False,
        max_length=500,
        help_text=_(
            "A word or gesture that ends the session at once if someone comes in. Protected "
            "when the session is with the woman or a child: victim side only."
        ),
    )
    outcome = forms.ChoiceField(
        label=_("The session was"),
        choices=SessionOutcome.choices,
        initial=SessionOutcome.HELD,
    )
    stop_reason = forms.CharField(
        label=_("Why it was not held or was stopped"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=TEXT),
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=10000, widget=forms.Textarea(attrs=TEXT)
    )
    risks_identified = forms.CharField(
        label=_("Risks identified"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("Serious topics raised and the crisis response given."),
    )
    follow_up_agreed = forms.CharField(
        label=_("Follow-up agreed"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs=TEXT),
    )
    technical_issues = forms.CharField(
        label=_("Technical problems"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Devices, software or internet connection."),
    )

    fieldsets = [
        (_("The session"), ["held_at", "with_whom", "channel", "contact_details"]),
        (
            _("Safety check before the session starts"),
            ["person_alone_and_safe", "device_safe", "end_signal"],
        ),
        (_("Outcome"), ["outcome", "stop_reason"]),
        (
            _("Documentation and reporting"),
            ["summary", "risks_identified", "follow_up_agreed", "technical_issues"],
        ),
    ]

    def __init__(self, *args: Any, with_whom: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(WithWhom.choices)
        self.fields["with_whom"].choices = [("", "—"), *((w, labels[w]) for w in with_whom)]

    def grouped(self) -> list[tuple[Any, list[Any]]]:
        """The bound fields under their legends, for the template."""
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]

    def clean_held_at(self) -> datetime.datetime:
        held_at = self.cleaned_data["held_at"]
        if held_at > timezone.now():
            raise forms.ValidationError(_("Record a session after it took place."))
        return held_at

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        outcome = data.get("outcome")
        checks = {name: data.get(name) for name in SAFETY_CHECK_MISSING}
        for name in safety_check_gaps(outcome=outcome, **checks):
            self.add_error(name, SAFETY_CHECK_MISSING[name])
        if outcome == SessionOutcome.HELD and not data.get("summary"):
            self.add_error("summary", _("Summarise the session."))
        if outcome and outcome != SessionOutcome.HELD and not data.get("stop_reason"):
            self.add_error("stop_reason", _("Say why the session was not held or was stopped."))
        return data
