from django import forms
from django.utils.translation import gettext_lazy as _

from asap.webhooks.enums import EventKind
from asap.webhooks.validators import check_url


class EndpointForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("The system that receives the events, e.g. “Police referral system”."),
    )
    url = forms.URLField(
        label=_("Address (URL)"),
        max_length=500,
        assume_scheme="https",
        help_text=_("An https:// address on the public internet."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events to send"),
        choices=EventKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        check_url(url)
        return url
