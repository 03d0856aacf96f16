"""Forms of who takes part in a case: opening it (and inviting its partner agency in the same
step), inviting, accepting or declining an invitation, adding a colleague, putting one back."""

from django import forms
from django.utils.translation import gettext_lazy as _

from asap.cases.enums import Phase, Side
from asap.cases.forms import CaseDatesForm, StyledForm
from asap.cases.validators import SharedTextMixin

VICTIM_NAME, PERPETRATOR_NAME = "victim_name", "perpetrator_name"


def required_name(side: str | None) -> str:
    """The name the person opening a case must give: the woman's on the victim side (she is
    the person they support), the man's on any other side. The other name is optional."""
    return VICTIM_NAME if side == Side.VICTIM else PERPETRATOR_NAME


class OpenCaseForm(CaseDatesForm):
    """`sides`: the side the opener takes for each organisation they may open a case for
    (which name is required follows it); `partners`: the agencies to offer for an invitation
    sent with the opening (none: the choice is left out)."""

    organisation = forms.ModelChoiceField(
        label=_("Your agency in this case"), queryset=None, empty_label=None
    )
    victim_name = forms.CharField(
        label=_("The woman's name"),
        max_length=200,
        required=False,
        help_text=_(
            "Protected: only victim-side workers will ever see it. Required when you work on "
            "the victim side."
        ),
    )
    perpetrator_name = forms.CharField(
        label=_("The man's name"),
        max_length=200,
        required=False,
        help_text=_("Required when you work on the perpetrator side or for another agency."),
    )
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices, initial=Phase.REFERRAL)
    invite = forms.ModelChoiceField(
        label=_("Invite a partner agency"),
        queryset=None,
        required=False,
        empty_label=_("Not now"),
        help_text=_(
            "Agencies with a multi-agency agreement in force with yours. They receive an "
            "e-mail with the case code only, and see nothing of the case until one of their "
            "workers accepts."
        ),
    )
    # Shown only after a warning that an open case of the organisation has these names.
    confirm_duplicate = forms.BooleanField(
        label=_("Open a new case anyway: it is not the same couple"), required=False
    )

    def __init__(
        self,
        *args: object,
        organisations: object,
        sides: dict[int, str],
        partners: object = None,
        confirming: bool = False,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sides = sides
        self.fields["organisation"].queryset = organisations
        if partners is not None and partners.exists():
            self.fields["invite"].queryset = partners
        else:
            del self.fields["invite"]
        if not confirming:
            del self.fields["confirm_duplicate"]
        # The name the opener's side needs comes first, marked required (also in the HTML).
        first = required_name(self.side_chosen())
        self.fields[first].required = True
        self.order_fields(["organisation", first])

    def side_chosen(self) -> str | None:
        """The side of the organisation submitted, or of the one shown first."""
        source = self.data if self.is_bound else self.initial
        chosen = source.get("organisation")
        for pk, side in self.sides.items():
            if str(pk) == str(chosen):
                return side
        return next(iter(self.sides.values()), None)


class InviteForm(SharedTextMixin, StyledForm):
    shared_text_fields = ("message",)
    organisation = forms.ModelChoiceField(label=_("Agency to invite"), queryset=None)
    message = forms.CharField(
        label=_("Message to the agency"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Every member will read it: no names, addresses or contact details."),
    )

    def __init__(self, *args: object, organisations: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class AcceptForm(StyledForm):
    """The signed-in worker (`me`) is preselected: choosing a colleague takes them off it."""

    member = forms.ModelChoiceField(
        label=_("Who works on the case for your agency"),
        queryset=None,
        empty_label=None,
        help_text=_(
            "You are chosen. If you choose a colleague, you will not be on the case and will "
            "lose access to it; your coordinator can put you back."
        ),
    )

    def __init__(self, *args: object, colleagues: object, me: object, **kwargs: object) -> None:
        kwargs.setdefault("initial", {"member": getattr(me, "pk", None)})
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = colleagues


class DeclineForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason for declining"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AddMemberForm(StyledForm):
    user = forms.ModelChoiceField(label=_("Colleague"), queryset=None)

    def __init__(self, *args: object, colleagues: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = colleagues


class PutBackForm(forms.Form):
    """One click: the former worker to put back, among those the coordinator may."""

    user = forms.TypedChoiceField(coerce=int, widget=forms.HiddenInput)

    def __init__(self, *args: object, former: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(f.user.pk, f.user.pk) for f in former]
