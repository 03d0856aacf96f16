"""Forms of meetings. Who may be invited, who attended and the actions to review come in
from the door (or the team meeting queries). A case meeting's forms get the writer's `access`
(`asap.cases.validators.SharedTextMixin`): the victim side's joint text may not name the woman
or a child nor repeat a protected detail; another side is never checked (no oracle)."""

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from asap.cases.forms import StyledForm, VersionedForm
from asap.cases.validators import SharedTextMixin
from asap.core.dates import DateField, DateTimeField
from asap.meetings import timeline
from asap.meetings.enums import MeetingMode, MeetingStatus
from asap.plans.enums import ActionStatus

NEW_ACTIONS = 3  # rows of new actions offered in the minutes form
JOINT_WARNING = _(
    "Every member of the case reads this, and it goes into invitations and calendars: never "
    "an address, shelter, phone number or name of the woman or the children."
)
# A reviewed action can be moved on; dropping one needs a reason, on the action plan page.
REVIEW_STATUSES = [
    (ActionStatus.OPEN, ActionStatus.OPEN.label),
    (ActionStatus.IN_PROGRESS, ActionStatus.IN_PROGRESS.label),
    (ActionStatus.DONE, ActionStatus.DONE.label),
]


@dataclass
class Fields:
    """A group of a form's fields, shaped like a form for `form_fields.html`."""

    visible_fields: list[Any]
    hidden_fields: list[Any] = field(default_factory=list)
    non_field_errors: list[Any] = field(default_factory=list)


def _people_field(label: Any, people: list[tuple[int, str]], **kwargs: Any) -> forms.Field:
    return forms.TypedMultipleChoiceField(
        label=label,
        choices=people,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


class MeetingForm(SharedTextMixin, StyledForm):
    """Schedule a meeting: its type (case meetings), time, how it is held, who is invited.
    Title, venue and link may not name a protected value (`asap.cases.validators`)."""

    shared_text_fields = ("title", "venue", "link")

    type_key = forms.ChoiceField(label=_("Type of meeting"))
    title = forms.CharField(label=_("Title"), max_length=200, help_text=JOINT_WARNING)
    starts_at = DateTimeField(label=_("Starts"))
    ends_at = DateTimeField(label=_("Ends"))
    mode = forms.ChoiceField(label=_("Held"), choices=MeetingMode.choices)
    venue = forms.CharField(
        label=_("Venue"),
        max_length=300,
        required=False,
        help_text=_(
            "Required for a meeting in person: an agency's meeting room, never her address."
        ),
        widget=forms.TextInput(attrs={"data-required-when": MeetingMode.IN_PERSON}),
    )
    link = forms.URLField(
        label=_("Meeting link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Required for an online meeting: the link of the video call."),
        widget=forms.URLInput(attrs={"data-required-when": MeetingMode.ONLINE}),
    )
    steps_done = forms.MultipleChoiceField(
        label=_("Steps of multi-agency cooperation at a distance already done"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        types: list[timeline.MeetingType],
        steps: tuple[timeline.Step, ...],
        people: list[tuple[int, str]],
        protected: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.protected = self.shared_text_values = list(protected or [])
        if len(types) > 1:
            self.fields["type_key"].choices = [(t.key, t.label()) for t in types]
        else:
            del self.fields["type_key"]
        self.fields["steps_done"].choices = [(s.key, s.label()) for s in steps]
        self.mark_place_required()
        self.fields["invitees"] = _people_field(
            _("Invite"),
            people,
            help_text=_("Each gets an e-mail with the calendar file: the case code only."),
        )

    def mark_place_required(self) -> None:
        """The venue (in person) or the link (online) carries `required` for the mode chosen
        (sent, or preselected); a small script moves it when the mode changes
        (static/asap/meeting-mode.js). `clean` checks it on the server either way."""
        mode = self.data.get("mode") if self.is_bound else self.initial.get("mode")
        for name in ("venue", "link"):
            attrs = self.fields[name].widget.attrs
            if attrs.get("data-required-when") == mode:
                attrs["required"] = True
            else:
                attrs.pop("required", None)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        mode = data.get("mode")
        if mode == MeetingMode.ONLINE and not data.get("link") and "link" not in self.errors:
            self.add_error("link", _("Give the link of the online meeting."))
        if mode == MeetingMode.IN_PERSON and not data.get("venue") and "venue" not in self.errors:
            self.add_error("venue", _("Say where the meeting is held."))
        return data

    def values(self) -> dict[str, Any]:
        """The meeting's fields for the services (the place that does not apply is empty)."""
        data = self.cleaned_data
        online = data["mode"] == MeetingMode.ONLINE
        return {
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "mode": data["mode"],
            "venue": "" if online else data["venue"],
            "link": data["link"] if online else "",
        }


class EditMeetingForm(MeetingForm, VersionedForm):
    """Change a meeting: also its status; its type stays."""

    status = forms.ChoiceField(label=_("Status"), choices=MeetingStatus.choices)
    field_order = ["title", "starts_at", "ends_at", "mode", "venue", "link", "status"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("type_key", None)


class MinutesForm(SharedTextMixin, VersionedForm):
    """Who attended, what was decided, new actions for the joint action plan, and the new
    status of actions already in the plan. No text of it may name a protected value."""

    shared_text_fields = ("decisions", "need_*", "action_*", "responsible_*")

    decisions = forms.CharField(
        label=_("Decisions"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=JOINT_WARNING,
    )

    def __init__(
        self,
        *args: Any,
        people: list[tuple[int, str]],
        responsible_people: list[tuple[int, str]] | None,
        actions: list[Any],
        protected: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.protected, self.actions = list(protected or []), actions
        self.shared_text_values = self.protected
        self.fields["attended"] = _people_field(_("Attended"), people)
        self.order_fields(["attended", "decisions"])
        # A team meeting has no action plan: no responsible people, no action rows.
        numbers = range(1, NEW_ACTIONS + 1) if responsible_people is not None else range(0)
        for n in numbers:
            self.fields[f"need_{n}"] = forms.CharField(
                label=_("Protection/support needs"), max_length=2000, required=False
            )
            self.fields[f"action_{n}"] = forms.CharField(
                label=_("Actions"), max_length=2000, required=False
            )
            self.fields[f"term_{n}"] = DateField(label=_("Term"), required=False)
            self.fields[f"responsible_{n}"] = forms.CharField(
                label=_("Person/agency responsible"), max_length=300, required=False
            )
            self.fields[f"responsible_user_{n}"] = forms.TypedChoiceField(
                label=_("Worker reminded when the term passes"),
                choices=[("", _("Nobody")), *responsible_people],
                coerce=int,
                empty_value=None,
                required=False,
            )
        for item in actions:
            # Not required: an action the form did not send keeps its status.
            self.fields[f"status_{item.pk}"] = forms.ChoiceField(
                label=_("Status"), choices=REVIEW_STATUSES, initial=item.status, required=False
            )
            self.fields[f"item_version_{item.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=item.version, required=False
            )
        self.new_action_numbers = list(numbers)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for n in self.new_action_numbers:
            names = [f"need_{n}", f"action_{n}", f"term_{n}", f"responsible_{n}"]
            given = [name for name in names if data.get(name)]
            if given and len(given) < len(names):
                for name in names:
                    if not data.get(name) and name not in self.errors:
                        self.add_error(name, _("A new action needs all four columns."))
        return data

    def new_actions(self) -> list[dict[str, Any]]:
        """The new rows filled in: need, action, term, responsible, reminded worker id."""
        data = self.cleaned_data
        return [
            {
                "need": data[f"need_{n}"],
                "action": data[f"action_{n}"],
                "term": data[f"term_{n}"],
                "responsible": data[f"responsible_{n}"],
                "responsible_user": data[f"responsible_user_{n}"],
            }
            for n in self.new_action_numbers
            if data.get(f"need_{n}")
        ]

    def status_changes(self) -> list[tuple[Any, str, int]]:
        """(action, new status, version it was opened with) for the actions whose status
        the meeting changed."""
        data = self.cleaned_data
        return [
            (item, status, data[f"item_version_{item.pk}"] or item.version)
            for item in self.actions
            if (status := data[f"status_{item.pk}"]) and status != item.status
        ]

    # Groups of fields for the template.

    def main_group(self) -> Fields:
        return Fields([self["attended"], self["decisions"]], [self["version"]])

    def action_groups(self) -> list[tuple[int, Fields]]:
        names = ["need", "action", "term", "responsible", "responsible_user"]
        return [
            (n, Fields([self[f"{name}_{n}"] for name in names])) for n in self.new_action_numbers
        ]

    def review_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (item, self[f"status_{item.pk}"], self[f"item_version_{item.pk}"])
            for item in self.actions
        ]
