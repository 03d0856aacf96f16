"""Forms of the evaluation app: the period, networks, opting in, and the stakeholder map."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from asap.accounts.models import Organisation
from asap.cases.forms import BoundedModelMultipleChoiceField, StyledForm, VersionedForm
from asap.core.dates import DateField
from asap.evaluation.enums import StakeholderKind, StakeholderStatus
from asap.evaluation.models import Network
from asap.evaluation.period import Period

EARLIEST = datetime.date(2000, 1, 1)
LONGEST = datetime.timedelta(days=366 * 10)


def _organisations() -> BoundedModelMultipleChoiceField:
    return BoundedModelMultipleChoiceField(
        label=_("Member organisations"),
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each member's coordinator decides whether to pool its figures."),
    )


class NetworkForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    members = _organisations()

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if Network.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("A network with this name already exists."))
        return name


class PeriodForm(StyledForm):
    """The period of a dashboard or a report (a GET form); blank means the current year."""

    start = DateField(label=_("From"), required=False)
    end = DateField(label=_("To"), required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean()
        default = Period.current_year()
        start, end = data.get("start") or default.start, data.get("end") or default.end
        if self.errors:
            return data
        if start < EARLIEST:
            self.add_error("start", _("Give a date from 2000 on."))
        elif end < start:
            self.add_error("end", _("The end of the period cannot come before its start."))
        elif end - start > LONGEST:
            self.add_error("end", _("A period is at most ten years long."))
        else:
            data["period"] = Period(start, end)
        return data

    @property
    def period(self) -> Period:
        """The valid period asked for (call after `is_valid()`)."""
        return self.cleaned_data["period"]


class AddMembersForm(StyledForm):
    members = _organisations()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].required = True


class OptInForm(StyledForm):
    pool = forms.ChoiceField(
        label=_("Our figures in this network"),
        choices=[
            ("", _("Choose…")),
            ("yes", _("Pool our figures with the network")),
            ("no", _("Do not pool our figures")),
        ],
    )


class StakeholderForm(StyledForm):
    """A row of the map, as added."""

    need = forms.CharField(
        label=_("What are the needs of the victims?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    name = forms.CharField(
        label=_("Who has the resources and capabilities to meet those needs?"), max_length=200
    )
    kind = forms.ChoiceField(label=_("Kind of participant"), choices=StakeholderKind.choices)
    how = forms.CharField(
        label=_("How to add this participant to the collaboration?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    when = forms.CharField(
        label=_("When"),
        required=False,
        max_length=200,
        help_text=_("For example: before the next Phase 1 team meeting."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=StakeholderStatus.choices)


class StakeholderEditForm(StakeholderForm, VersionedForm):
    """A row of the map, as changed: it carries the version the editor opened."""


class DeleteForm(StyledForm):
    confirm = forms.BooleanField(label=_("Yes, remove this row from the map"))
