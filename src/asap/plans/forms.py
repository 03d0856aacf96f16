"""Forms of the plans. The workers to remind and the parts of the IT safety plan a side may
write come in from the queries; the rules are those the services apply."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from asap.cases.enums import Compartment
from asap.cases.forms import StyledForm, VersionedForm
from asap.cases.validators import SharedTextMixin
from asap.core.dates import DateField
from asap.plans import rules
from asap.plans.enums import (
    SAFETY_PARTS,
    ActionStatus,
    StalkerwareDecision,
    StalkerwareFound,
)
from asap.plans.queries import Worker

COMPARTMENT_HELP = {
    Compartment.JOINT: _("Every member of the case reads this."),
    Compartment.VICTIM: _("Victim side only."),
    Compartment.PROTECTED: _(
        "Protected: it locates or identifies her. Victim side only, never shared."
    ),
}
FILING_LABELS = {
    Compartment.JOINT: _("The joint plan: every member of the case"),
    Compartment.VICTIM: _("The victim side only"),
}


class ActionForm(SharedTextMixin, StyledForm):
    """A row of the action plan: the four columns of the protocol, and who is reminded.
    With `access`, a joint row's text that names a protected value is refused."""

    shared_text_fields = ("need", "action", "responsible", "dropped_reason")

    need = forms.CharField(
        label=_("Protection/support needs"), widget=forms.Textarea(attrs={"rows": 2})
    )
    action = forms.CharField(label=_("Actions"), widget=forms.Textarea(attrs={"rows": 3}))
    term = DateField(label=_("Term"))
    responsible = forms.CharField(label=_("Person/agency responsible"), max_length=300)
    responsible_user = forms.TypedChoiceField(
        label=_("Who is reminded when the term passes"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("A worker on the case. They get an e-mail with the case code only."),
    )
    child = forms.TypedChoiceField(
        label=_("Concerns the child"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("One child of the case, or the whole family."),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        workers: list[Worker],
        compartments: list[str],
        children: list[Any] = (),
        compartment: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.workers = {w.user.pk: w for w in workers}
        self.compartment = compartment
        self.fields["responsible_user"].choices = [
            ("", _("Nobody")),
            *[(w.user.pk, w.label) for w in workers],
        ]
        # The case's children (asap.cases.access.children_of): by name on the victim side
        # only, by label ("Child 1") everywhere else.
        self.fields["child"].choices = [
            ("", _("The whole family")),
            *[(child.pk, child.display_name) for child in children],
        ]
        if not compartment and len(compartments) > 1:
            self.fields["compartment"] = forms.ChoiceField(
                label=_("Who may read it"),
                choices=[(c, FILING_LABELS[c]) for c in compartments],
                initial=Compartment.JOINT,
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def shared_text_compartment(self, cleaned: Any) -> str:
        return cleaned.get("compartment") or self.compartment or Compartment.JOINT

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        compartment = cleaned.get("compartment") or self.compartment or Compartment.JOINT
        cleaned["compartment"] = compartment
        chosen = cleaned.get("responsible_user")
        if chosen is not None:
            worker = self.workers.get(chosen)
            problems = rules.responsible_problems(
                side=worker.side if worker else None, compartment=compartment
            )
            for name, message in problems.items():
                self.add_error(name, message)
            cleaned["responsible_user"] = worker.user if worker and not problems else None
        return cleaned


class EditActionForm(ActionForm, VersionedForm):
    """An existing row, with its status; its compartment stays as filed."""

    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    dropped_reason = forms.CharField(
        label=_("Why it was dropped"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the status is Dropped."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        problems = rules.action_problems(
            status=cleaned.get("status", ""), dropped_reason=cleaned.get("dropped_reason", "")
        )
        for name, message in problems.items():
            self.add_error(name, message)
        return cleaned


class SafetyPlanForm(VersionedForm):
    """The parts of the IT safety plan the editor's side may write."""

    def __init__(self, data: Any = None, *, fields: list[str], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        for part in SAFETY_PARTS:
            if part.field in fields:
                self.fields[part.field] = forms.CharField(
                    label=part.title,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                    help_text=COMPARTMENT_HELP[part.compartment],
                )
        if "stalkerware_found" in fields:
            select = {"class": "form-select"}
            self.fields["stalkerware_found"] = forms.ChoiceField(
                label=_("Stalkerware found?"),
                choices=StalkerwareFound.choices,
                required=False,
                widget=forms.Select(attrs=select),
                help_text=COMPARTMENT_HELP[Compartment.PROTECTED],
            )
            self.fields["stalkerware_decision"] = forms.ChoiceField(
                label=_("Decision"),
                choices=StalkerwareDecision.choices,
                required=False,
                widget=forms.Select(attrs=select),
                help_text=_(
                    "Removing stalkerware can alert him and make him escalate: decide "
                    "with her, and plan her safety first."
                ),
            )
            self.fields["stalkerware_reason"] = forms.CharField(
                label=_("Reason for the decision"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "stalkerware_found" in self.fields:
            problems = rules.stalkerware_problems(
                found=cleaned.get("stalkerware_found", ""),
                decision=cleaned.get("stalkerware_decision", ""),
                reason=cleaned.get("stalkerware_reason", ""),
            )
            for name, message in problems.items():
                self.add_error(name, message)
        return cleaned

    def values(self) -> dict[str, Any]:
        """The plan's fields, without the version."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}
