"""The words of the plans: an action's status, and the parts of the IT safety plan.

The action plan's columns and the IT safety plan's key areas and safety measures are those
of the A.S.A.P. 2.0 programme (Module 2 Topic 3; Module 3 Topic 3), word for word.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from asap.cases.enums import Compartment


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action status", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("action status", "In progress")
    DONE = "done", pgettext_lazy("action status", "Done")
    DROPPED = "dropped", pgettext_lazy("action status", "Dropped")


# An action still to be done: its term counts towards the case's next deadline.
PENDING = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)

# Where an action may be filed: the joint plan, or (victim side only) the victim side's own.
ACTION_COMPARTMENTS = (Compartment.JOINT, Compartment.VICTIM)


class StalkerwareFound(models.TextChoices):
    NOT_CHECKED = "", pgettext_lazy("stalkerware", "Not checked yet")
    FOUND = "found", pgettext_lazy("stalkerware", "Found")
    SUSPECTED = "suspected", pgettext_lazy("stalkerware", "Suspected")
    NOT_FOUND = "not_found", pgettext_lazy("stalkerware", "Not found")


class StalkerwareDecision(models.TextChoices):
    """Removing stalkerware can alert the abuser: what was decided, and why."""

    UNDECIDED = "", pgettext_lazy("stalkerware decision", "Not decided yet")
    LEAVE = "leave", pgettext_lazy("stalkerware decision", "Leave in place for now")
    REMOVE = "remove", pgettext_lazy("stalkerware decision", "Remove")
    PROFESSIONAL = (
        "professional",
        pgettext_lazy("stalkerware decision", "Have it removed by a professional"),
    )
    NOT_APPLICABLE = "not_applicable", pgettext_lazy("stalkerware decision", "Not applicable")


@dataclass(frozen=True)
class SafetyPart:
    """One key area or safety measure of the IT safety plan: its field and who reads it."""

    field: str
    title: Promise
    kind: str  # "area" or "measure"
    compartment: str


# Module 3 Topic 3, word for word. New accounts, the safe channel and her online accounts
# locate or identify her: protected. His accountability is worked on by both sides: joint.
SAFETY_PARTS = (
    SafetyPart("stopping_violence", _("Stopping violence"), "area", Compartment.VICTIM),
    SafetyPart(
        "new_accounts",
        _("Creating new accounts, safe connections and profiles"),
        "area",
        Compartment.PROTECTED,
    ),
    SafetyPart(
        "accountability",
        _("Perpetrators accountability and protection measures"),
        "area",
        Compartment.JOINT,
    ),
    SafetyPart(
        "safe_channel",
        _("individuation of a safe communication channel"),
        "measure",
        Compartment.PROTECTED,
    ),
    SafetyPart("safe_device", _("use of a safe device"), "measure", Compartment.VICTIM),
    SafetyPart(
        "online_accounts",
        _("use of online communication and social media accounts"),
        "measure",
        Compartment.PROTECTED,
    ),
    SafetyPart(
        "escalation", _("safety concerns about possible escalation"), "measure", Compartment.VICTIM
    ),
)
STALKERWARE_FIELDS = ("stalkerware_found", "stalkerware_decision", "stalkerware_reason")
