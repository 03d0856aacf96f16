from django import forms
from django.utils.translation import gettext_lazy as _

from asap.accounts.enums import Role
from asap.accounts.models import Organisation


class GrantRoleForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        help_text=_("Needed only for someone who has no account yet."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args: object, organisations: list[Organisation], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )


class WorkDigestForm(forms.Form):
    """A person's own switch of the daily e-mail of My work."""

    work_digest = forms.BooleanField(
        label=_("Send me a daily e-mail when items wait for me in My work"),
        required=False,
        help_text=_("It says how many items wait, with a link: no case, no name, no detail."),
    )
