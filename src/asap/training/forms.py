"""The training forms. Each re-renders with the input kept and says what is wrong."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from asap.accounts.enums import OrganisationKind
from asap.cases.forms import StyledForm
from asap.core.dates import DateTimeField
from asap.core.uploads import MAX_CSV_BYTES, size_label
from asap.instruments.forms import DefinitionFieldsForm
from asap.training import curriculum
from asap.training.enums import Country, EventFormat, EventLevel, Profile

EVENT_FIELDS = [
    "title",
    "level",
    "format",
    "language",
    "venue",
    "link",
    "trainers",
    "capacity",
    "registration_open",
]


class EventDetailsForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    level = forms.ChoiceField(label=_("Level"), choices=EventLevel.choices)
    format = forms.ChoiceField(label=_("Format"), choices=EventFormat.choices)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    venue = forms.CharField(
        label=_("Venue"), max_length=300, required=False, help_text=_("For an event in person.")
    )
    link = forms.URLField(
        label=_("Meeting link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("For an online event."),
    )
    trainers = forms.CharField(label=_("Trainers"), max_length=300)
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=1, required=False, help_text=_("Empty: no limit.")
    )
    registration_open = forms.BooleanField(
        label=_("Participants may register through the registration link"),
        required=False,
        initial=True,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("format") == EventFormat.ONLINE and not data.get("link"):
            self.add_error("link", _("An online event needs its meeting link."))
        if data.get("format") == EventFormat.IN_PERSON and not data.get("venue"):
            self.add_error("venue", _("An event in person needs its venue."))
        return data

    def details(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EVENT_FIELDS}


class EventForm(EventDetailsForm):
    modules = forms.MultipleChoiceField(
        label=_("Modules"),
        widget=forms.CheckboxSelectMultiple,
        choices=curriculum.reference().choices,
    )
    starts_at = DateTimeField(
        label=_("First session starts"),
        help_text=_(
            "The modules follow one another with a 15-minute break; change each session's "
            "time on the event's page."
        ),
    )

    def module_keys(self) -> list[str]:
        chosen = set(self.cleaned_data["modules"])
        return [m.key for m in curriculum.reference().modules if m.key in chosen]


class SessionForm(StyledForm):
    starts_at = DateTimeField(label=_("Starts"))


class AdaptModuleForm(StyledForm):
    """An event's copy of one module: each topic's texts and minutes, in person and online.
    Both columns must add up to the module's lengths (90 and 60 minutes): the service
    `adapt_module` checks it and the view shows its error."""

    def __init__(self, *args: Any, module: dict[str, Any], **kwargs: Any) -> None:
        self.module = module
        initial = {}
        for i, topic in enumerate(module["topics"], 1):
            for name in ("title", "method", "description", "minutes", "online_minutes"):
                initial[f"{name}_{i}"] = topic[name]
        super().__init__(*args, initial=initial, **kwargs)
        for i, _topic in enumerate(module["topics"], 1):
            number = {"n": i}
            self.fields[f"title_{i}"] = forms.CharField(
                label=_("Topic %(n)s: title") % number, max_length=200
            )
            self.fields[f"method_{i}"] = forms.CharField(
                label=_("Topic %(n)s: method") % number, max_length=200
            )
            self.fields[f"description_{i}"] = forms.CharField(
                label=_("Topic %(n)s: description") % number,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"minutes_{i}"] = forms.IntegerField(
                label=_("Topic %(n)s: minutes in person") % number, min_value=1, max_value=600
            )
            self.fields[f"online_minutes_{i}"] = forms.IntegerField(
                label=_("Topic %(n)s: minutes online") % number, min_value=1, max_value=600
            )
        self.style_fields()

    def topics(self) -> list[dict[str, Any]]:
        names = ("title", "method", "description", "minutes", "online_minutes")
        return [
            {name: self.cleaned_data[f"{name}_{i}"] for name in names}
            for i in range(1, len(self.module["topics"]) + 1)
        ]


class ParticipantForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    profile = forms.ChoiceField(label=_("Profile"), choices=Profile.choices)
    agency_kind = forms.ChoiceField(label=_("Kind of agency"), choices=OrganisationKind.choices)
    country = forms.ChoiceField(label=_("Country"), choices=Country.choices)

    def person(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


class ImportForm(StyledForm):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: name, email, profile, agency_kind, country (a header row first)."),
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:  # before reading it (asap.core.uploads)
            raise forms.ValidationError(
                _("The file is larger than %(limit)s.") % {"limit": size_label(MAX_CSV_BYTES)}
            )
        return upload.read()


class QuestionnaireForm(DefinitionFieldsForm):
    """A training questionnaire: the instrument engine's fields for the definition's items."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any(value not in (None, "", []) for value in data.values()):
            raise forms.ValidationError(_("Answer at least one question."))
        return data


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=32,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
