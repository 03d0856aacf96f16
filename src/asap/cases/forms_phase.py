"""The forms of the case page: confirming the next phase, filtering the timeline."""

from django import forms
from django.utils.translation import gettext_lazy as _

from asap.cases.enums import Compartment, EntryKind, Phase, Side
from asap.cases.forms import VersionedForm


class MovePhaseForm(VersionedForm):
    """The phase the worker saw (a second click, or a colleague's, moves nothing twice)."""

    from_phase = forms.ChoiceField(choices=Phase.choices, widget=forms.HiddenInput)


K = EntryKind
# The timeline's kinds of entry, grouped as a worker looks for them. A short fixed list: the
# same for every reader, never naming an event (her consent, his waiver) a side does not see.
KINDS = {
    "note": (_("Notes"), [K.NOTE]),
    "case": (
        _("The case: opened, changed, closed"),
        [
            K.CASE_OPENED,
            K.CASE_UPDATED,
            K.PHASE_MOVED,
            K.CASE_CLOSED,
            K.CASE_REOPENED,
            K.CASE_IMPORTED,
        ],
    ),
    "people": (
        _("Agencies, workers and people"),
        [
            K.AGENCY_INVITED,
            K.AGENCY_JOINED,
            K.AGENCY_DECLINED,
            K.AGENCY_TRANSFERRED,
            K.MEMBER_ADDED,
            K.MEMBER_LEFT,
            K.LEAD_CHANGED,
            K.PERSON_ADDED,
            K.PERSON_UPDATED,
            K.PROTECTED_DETAIL_ADDED,
            K.CHILD_PREPARATION,
        ],
    ),
    "sharing": (
        _("Consent and sharing"),
        [
            K.CONSENT_RECORDED,
            K.CONSENT_WITHDRAWN,
            K.WAIVER_RECORDED,
            K.WAIVER_WITHDRAWN,
            K.ITEM_SHARED,
            K.SHARE_WITHDRAWN,
        ],
    ),
    "risk": (
        _("Risk and episodes"),
        [K.RISK_LEVEL_SET, K.ASSESSMENT_WITHDRAWN, K.RISK_ALERT, K.EPISODE, K.EPISODE_ALERT],
    ),
    "plan": (_("Plans"), [K.ACTION, K.SAFETY_PLAN]),
    "meeting": (_("Meetings and sessions"), [K.MEETING, K.REMOTE_SESSION]),
    "programme": (_("His programme"), [K.PROGRAMME_STATUS, K.PROGRAMME_ALERT]),
    "justice": (_("Police and court"), [K.PROTECTION_ORDER, K.PROCEEDING]),
    "attachment": (_("Files"), [K.ATTACHMENT]),
}


class TimelineFilterForm(forms.Form):
    """The timeline's filters (GET). The choices are fixed lists: they say nothing about
    what the case holds, so they tell no side what it cannot read."""

    kind = forms.ChoiceField(
        label=_("What"),
        required=False,
        choices=[("", _("Everything")), *[(k, label) for k, (label, _kinds) in KINDS.items()]],
    )
    compartment = forms.ChoiceField(label=_("Who may read it"), required=False, choices=())

    def __init__(self, *args: object, side: str | None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # The same fixed list for every reader of a side (protected only for the victim
        # side, which alone reads it): never counts, never what this case holds.
        self.fields["compartment"].choices = [
            ("", _("Every compartment you may read")),
            *[
                (value, label)
                for value, label in Compartment.choices
                if side == Side.VICTIM or value != Compartment.PROTECTED
            ],
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"
