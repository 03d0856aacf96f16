"""The words of data protection: record kinds under retention, persons, report states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordKind(models.TextChoices):
    """What a retention rule covers: one group of the records of a closed case."""

    PEOPLE = "people", _("Names, protected details and child preparations")
    NOTES = "notes", _("Timeline notes, shares, consents and invitations")
    INSTRUMENTS = "instruments", _("Questionnaire answers and reasons")
    PLANS = "plans", _("Action plans and IT safety plans")
    EPISODES = "episodes", _("Episodes and remote sessions")
    MEETINGS = "meetings", _("Meetings and minutes")


class ReportStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting review")
    APPLIED = "applied", _("Applied")
    SUPERSEDED = "superseded", _("Superseded by a newer dry run")


class RequestKind(models.TextChoices):
    ERASURE = "erasure", _("Erasure")
    ACCESS = "access", _("Subject access")


class PersonChoice(models.TextChoices):
    """A person of a case, named by role: "child" values carry the child's number."""

    MAN = "perpetrator", _("The man")
    WOMAN = "victim", _("The woman")
    CHILD_1 = "child:1", _("Child 1")
    CHILD_2 = "child:2", _("Child 2")
    CHILD_3 = "child:3", _("Child 3")
    CHILD_4 = "child:4", _("Child 4")
    CHILD_5 = "child:5", _("Child 5")
    CHILD_6 = "child:6", _("Child 6")
    CHILD_7 = "child:7", _("Child 7")
    CHILD_8 = "child:8", _("Child 8")
    CHILD_9 = "child:9", _("Child 9")


def split_person(choice: str) -> tuple[str, int]:
    """`"child:2"` → `("child", 2)`; `"victim"` → `("victim", 1)`."""
    role, _sep, number = choice.partition(":")
    return role, int(number or 1)
