"""The administrator's form for issuing an API token."""

import datetime
import ipaddress

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asap.accounts.enums import Role
from asap.cases.forms import StyledForm
from asap.core.dates import DateField

DEFAULT_DAYS = 90
MAX_DAYS = 365
# A token acts in any role a person can hold but the administrator's: no API operation
# manages people or tokens, and that power stays with people who sign in with MFA.
TOKEN_ROLES = [(value, label) for value, label in Role.choices if value != Role.ADMINISTRATOR]


def default_expiry() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS)


class IssueTokenForm(StyledForm):
    name = forms.CharField(
        label=_("System"),
        max_length=200,
        help_text=_("The system that will use the token, e.g. “Police referral system”."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=TOKEN_ROLES,
        help_text=_(
            "The token acts as a member of your organisation in this role: it reaches a "
            "case only after a colleague adds its account to the case, like a new colleague."
        ),
    )
    expires_on = DateField(
        label=_("Expires on"),
        help_text=_("The token stops working at the end of this day (at most a year from today)."),
    )
    allowed_addresses = forms.CharField(
        label=_("Allowed addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_(
            "One IP address or network per line (e.g. 203.0.113.7 or 10.1.0.0/16). "
            "Leave empty to allow calls from any address."
        ),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("initial", {"expires_on": default_expiry()})
        super().__init__(*args, **kwargs)

    def clean_expires_on(self) -> datetime.date:
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day <= today:
            raise ValidationError(_("Choose a day after today."))
        if day > today + datetime.timedelta(days=MAX_DAYS):
            raise ValidationError(_("Choose a day at most a year from today."))
        return day

    def clean_allowed_addresses(self) -> str:
        lines = []
        for number, line in enumerate(self.cleaned_data["allowed_addresses"].splitlines(), 1):
            text = line.strip()
            if not text:
                continue
            try:
                ipaddress.ip_network(text, strict=False)
            except ValueError:
                raise ValidationError(
                    _("Line %(number)s (“%(line)s”) is not an IP address or network."),
                    params={"number": number, "line": text[:60]},
                ) from None
            lines.append(text)
        return "\n".join(lines)

    def expires_at(self) -> datetime.datetime:
        """The end of the chosen day, in the platform's time zone."""
        day = self.cleaned_data["expires_on"]
        end = datetime.datetime.combine(day, datetime.time(23, 59, 59))
        return timezone.make_aware(end)
