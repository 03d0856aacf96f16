from django import forms
from django.utils.translation import gettext_lazy as _

from asap.core import widgets


class DismissForm(forms.Form):
    key = forms.CharField(widget=widgets.HiddenInput, max_length=120)
    reason = forms.CharField(
        label=_("Why does this item leave your list?"),
        max_length=500,
        widget=widgets.Textarea(attrs={"rows": 2, "class": "form-control"}),
        help_text=_("Only you read it. Name no one: say what was decided, not about whom."),
    )


class DoneForm(forms.Form):
    key = forms.CharField(widget=widgets.HiddenInput, max_length=120)
