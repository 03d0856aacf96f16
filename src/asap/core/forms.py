from django import forms
from django.utils.translation import gettext_lazy as _

from asap.core.dates import DateField


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor e-mail"), required=False, max_length=254)
    action = forms.CharField(label=_("Action"), required=False, max_length=100)
    case = forms.IntegerField(label=_("Case number"), required=False, min_value=1)
    since = DateField(label=_("From"), required=False)
    until = DateField(label=_("Until"), required=False)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date must not be before the start date."))
        return cleaned
