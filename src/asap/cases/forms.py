"""Forms of the joint case. Querysets of case data come in from the access door."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asap.cases.enums import (
    COURT_OR_GUARDIAN,
    CaseStatus,
    Compartment,
    ConsentingParent,
    ConsentScope,
    Gender,
    Phase,
    ProfessionalGender,
    ProtectedKind,
    RiskLevel,
    Side,
)
from asap.cases.validators import (
    SHARED_ITEM_NAMES_PROTECTED,
    SharedTextMixin,
    entry_texts,
    names_protected,
)
from asap.core.dates import DateField, DateInput

# Kept for imports elsewhere: declare `asap.core.dates.DateField` instead, which brings it.
DATE = DateInput()
LARGEST_ID = 2**63 - 1


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses an id no database column can hold as an invalid choice. Django's own field
    puts it in a `pk__in` query, where SQLite raises OverflowError (a 500): found by
    tests/resilience/test_fuzz_forms.py. Declare it instead of Django's field wherever the ids
    come from the user."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip().lstrip("+-")
            if text.isdigit() and int(text) > LARGEST_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class StyledForm(forms.Form):
    """Bootstrap classes, and `aria-invalid`/`aria-describedby` on fields with errors."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self) -> None:
        """Give every field its Bootstrap class; call again after adding fields."""
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(
                widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.HiddenInput
            ):
                continue
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                # The help text (a date's format, for one) stays described beside the error.
                hint = f"id_{name}_helptext " if self.fields[name].help_text else ""
                attrs["aria-describedby"] = f"{hint}id_{name}_error"
                attrs["class"] = attrs.get("class", "") + " is-invalid"


class VersionedForm(StyledForm):
    """Carries the version of the record the editor opened."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Case code"), required=False, max_length=16)
    phase = forms.ChoiceField(
        label=_("Phase"), required=False, choices=[("", _("Any phase")), *Phase.choices]
    )
    risk_level = forms.ChoiceField(
        label=_("Risk level"),
        required=False,
        choices=[("", _("Any level")), *RiskLevel.choices[1:]],
    )
    mine = forms.BooleanField(label=_("Only cases I work on"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue cases"), required=False)
    status = forms.ChoiceField(
        label=_("Open or closed"),
        required=False,
        choices=[("", _("Open and closed")), *CaseStatus.choices],
    )


class NameSearchForm(StyledForm):
    """Finding a case by a name: sent by POST, so that the name never enters an address."""

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        # Not kept in the browser's form history of a shared computer.
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "aria-describedby": "id_name_helptext",
            }
        ),
        help_text=_(
            "Finds the cases you work on: by the woman's or a child's name on the victim "
            "side, by the man's name on the perpetrator side and for other agencies. Every "
            "part you type must be in the name; accents and capitals do not matter."
        ),
    )


class CaseDatesForm(StyledForm):
    programme_start = DateField(label=_("Programme start"), required=False)
    intervention_start = DateField(label=_("Intervention start"), required=False)
    programme_end = DateField(label=_("Programme end"), required=False)
    follow_up_date = DateField(
        label=_("Follow-up date"),
        required=False,
        help_text=_("Usually six months after the end of the programme."),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean()
        order = [
            (
                "intervention_start",
                "programme_start",
                _("The intervention cannot start before the programme."),
            ),
            ("programme_end", "programme_start", _("The programme cannot end before it starts.")),
            (
                "follow_up_date",
                "programme_end",
                _("The follow-up comes after the end of the programme."),
            ),
        ]
        for later, earlier, message in order:
            if data.get(later) and data.get(earlier) and data[later] < data[earlier]:
                self.add_error(later, message)
        return data


class CaseForm(CaseDatesForm, VersionedForm):
    """The case's phase and dates. Closing and reopening have their own forms (a reason,
    a note): `asap.cases.views.closure`."""

    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    field_order = ["phase"]


def _year_choices_validator(value: int) -> None:
    this_year = timezone.localdate().year
    if not this_year - 120 <= value <= this_year:
        raise forms.ValidationError(
            _("Give a year between %(first)s and %(last)s."),
            params={"first": this_year - 120, "last": this_year},
        )


class PersonForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    year_of_birth = forms.IntegerField(
        label=_("Year of birth"), required=False, validators=[_year_choices_validator]
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)

    def __init__(self, *args: object, name_visible: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not name_visible:
            del self.fields["name"]


class ChildForm(PersonForm):
    year_of_birth = forms.IntegerField(
        label=_("Year of birth"), validators=[_year_choices_validator]
    )


class EditPersonForm(PersonForm, VersionedForm):
    pass


class ProtectedDetailForm(StyledForm):
    person = forms.TypedChoiceField(label=_("Whose detail"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProtectedKind.choices)
    value = forms.CharField(
        label=_("Detail"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, persons: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(p.pk, p.display_name) for p in persons]


class EditProtectedDetailForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProtectedKind.choices)
    value = forms.CharField(
        label=_("Detail"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(SharedTextMixin, StyledForm):
    shared_text_fields = ("title", "body")
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Note"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    compartment = forms.ChoiceField(
        label=_("Who may read it"),
        help_text=_("You can share an item of your side later, one at a time, with a purpose."),
    )

    def __init__(self, *args: object, compartments: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Compartment.choices)
        self.fields["compartment"].choices = [(c, labels[c]) for c in compartments]

    def shared_text_compartment(self, cleaned: dict) -> str:
        return cleaned.get("compartment", "")


class EditNoteForm(SharedTextMixin, VersionedForm):
    """`entry`: the note, whose compartment and shares decide whether its text is checked."""

    shared_text_fields = ("title", "body")
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Note"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )


class ShareForm(SharedTextMixin, StyledForm):
    """`entry`: the item to share; once shared the other side reads it, so its text is
    checked as well as the purpose."""

    shared_text_fields = ("purpose",)
    with_side = forms.ChoiceField(label=_("Share with"))
    purpose = forms.CharField(
        label=_("Purpose of sharing"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why the other side needs this item. Recorded with the share."),
    )

    def __init__(self, *args: object, own_side: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["with_side"].choices = [
            (side, label) for side, label in Side.choices if side != own_side
        ]

    def shared_text_applies(self, cleaned: dict) -> bool:
        access = self.shared_text_access
        return access is not None and access.is_victim_side

    def clean(self) -> dict:
        cleaned = super().clean()
        entry = self.shared_text_entry
        if entry is not None and self.shared_text_applies(cleaned):
            terms = self.shared_text_terms()
            if any(names_protected(text, terms) for text in entry_texts(entry)):
                self.add_error(None, SHARED_ITEM_NAMES_PROTECTED)
        return cleaned


class ConsentForm(StyledForm):
    scopes = forms.MultipleChoiceField(
        label=_("She agrees to"),
        choices=ConsentScope.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    given_on = DateField(label=_("Given on"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example, how she gave it (in writing, orally with a witness)."),
    )

    def clean_given_on(self) -> datetime.date:
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError(_("Consent cannot be dated in the future."))
        return given_on


class WaiverForm(StyledForm):
    """His limited waiver of confidentiality: the joint content his side records reaches the
    other agencies in the case while it is in force."""

    given_on = DateField(label=_("He gave it on"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example, how he gave it (in writing, signed at intake)."),
    )

    def clean_given_on(self) -> datetime.date:
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError(_("A waiver cannot be dated in the future."))
        return given_on


class WithdrawConsentForm(StyledForm):
    withdrawn_on = DateField(label=_("Withdrawn on"))

    def __init__(self, *args: object, given_on: datetime.date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.given_on = given_on

    def clean_withdrawn_on(self) -> datetime.date:
        withdrawn_on = self.cleaned_data["withdrawn_on"]
        if withdrawn_on > timezone.localdate():
            raise forms.ValidationError(_("A withdrawal cannot be dated in the future."))
        if withdrawn_on < self.given_on:
            raise forms.ValidationError(_("A withdrawal cannot come before the consent."))
        return withdrawn_on


class ChildPreparationForm(StyledForm):
    """The principles when assessing children (Module 2, Topic 3), in the source's words."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    parent_consent_on = DateField(
        label=_("Informed consent: the parent gave initial informed consent on"), required=False
    )
    consenting_parent = forms.ChoiceField(
        label=_("Informed consent: who gave it"),
        choices=[
            ("", _("Not recorded")),
            (ConsentingParent.MOTHER, _("The mother (the woman)")),
            (ConsentingParent.FATHER, _("The father (the man)")),
            (ConsentingParent.BOTH, _("Both parents")),
            (ConsentingParent.GUARDIAN, _("A guardian")),
            (ConsentingParent.COURT, _("A court")),
        ],
        required=False,
        help_text=_(
            "The man is the perpetrator: his consent alone does not open his child's "
            "assessment. It comes through the mother, a guardian or a court."
        ),
    )
    court_or_guardian_route = forms.BooleanField(
        label=_(
            "A court or guardian route was needed, because a parent is the perpetrator and "
            "the other parent cannot consent"
        ),
        required=False,
    )
    child_informed = forms.BooleanField(
        label=_(
            "Informed consent: the child received information about the assessment topics, "
            "and about the possibility of withdrawing at any time"
        ),
        required=False,
    )
    child_agrees = forms.BooleanField(label=_("The child agrees to take part"), required=False)
    support_person = forms.CharField(
        label=_(
            "Support: the child is accompanied by someone she/he considers familiar, chosen by "
            "the child"
        ),
        help_text=_("Their relationship to the child (for example, grandmother), not a name."),
        max_length=120,
        required=False,
    )
    rights_explained = forms.BooleanField(
        label=_(
            "Respecting rights: the child received information regarding their right to refuse "
            "to answer, to participate in the assessment, and to have it recorded by any means"
        ),
        required=False,
    )
    may_record = forms.BooleanField(
        label=_("The child agrees that the assessment is recorded"), required=False
    )
    gender_and_needs = forms.CharField(
        label=_(
            "Gender & needs: the child's gender and specific needs (e.g., age, developmental "
            "stage, etc.) to consider"
        ),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    professional_gender = forms.ChoiceField(
        label=_("Gender & needs: the gender of the professionals the child wishes to speak with"),
        choices=ProfessionalGender.choices,
        required=False,
    )

    def clean_parent_consent_on(self) -> datetime.date | None:
        value = self.cleaned_data["parent_consent_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Consent cannot be dated in the future."))
        return value

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if (data.get("child_informed") or data.get("child_agrees")) and not data.get(
            "parent_consent_on"
        ):
            self.add_error(
                "parent_consent_on",
                _("The parent's informed consent comes first, before the child is asked."),
            )
        route = data.get("court_or_guardian_route")
        if route and data.get("consenting_parent") not in COURT_OR_GUARDIAN:
            self.add_error(
                "consenting_parent",
                _("A court or guardian route was needed: a guardian or a court consents."),
            )
        if data.get("consenting_parent") and not data.get("parent_consent_on"):
            self.add_error("parent_consent_on", _("Give the date of the consent."))
        return data
