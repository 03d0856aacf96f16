"""Forms of his programme: a step of his status, a session of the register, and the
organisation's threshold of absences."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asap.accounts.models import Organisation
from asap.cases.forms import StyledForm, VersionedForm
from asap.core.dates import DateField
from asap.programme.enums import Attendance, ProgrammeStatus, SessionKind

NOT_IN_FUTURE = _("Record it once it has happened: the date cannot be in the future.")


def _not_in_future(value: datetime.date) -> datetime.date:
    if value > timezone.localdate():
        raise forms.ValidationError(NOT_IN_FUTURE)
    return value


class StatusForm(StyledForm):
    status = forms.ChoiceField(
        label=_("His status in the programme"), choices=[("", "—"), *ProgrammeStatus.choices]
    )
    date = DateField(label=_("From"))
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For your side only: the victim side and other agencies see the status and its "
            "date, never the reason. A suspension, a drop-out or an expulsion alerts the victim "
            "side at once."
        ),
    )

    def clean_date(self) -> datetime.date:
        return _not_in_future(self.cleaned_data["date"])


class SessionForm(StyledForm):
    date = DateField(label=_("Date of the session"))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *SessionKind.choices])
    attendance = forms.ChoiceField(label=_("Attendance"), choices=[("", "—"), *Attendance.choices])
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For your side only: the victim side sees the attendance figures only."),
    )

    def clean_date(self) -> datetime.date:
        return _not_in_future(self.cleaned_data["date"])


class EditSessionForm(SessionForm, VersionedForm):
    pass


def session_initial(session: Any) -> dict[str, Any]:
    return {name: getattr(session, name) for name in [*SessionForm.base_fields, "version"]}


class ThresholdForm(StyledForm):
    organisation = forms.ModelChoiceField(
        label=_("Programme"), queryset=Organisation.objects.none()
    )
    absence_alert_threshold = forms.IntegerField(
        label=_("Absences in a row that alert the victim side"),
        min_value=1,
        max_value=20,
        help_text=_(
            "Absences with or without notice both count; coming to a session, even late, "
            "starts the count again. The default is two."
        ),
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
