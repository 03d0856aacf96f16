"""The words of data protection: record kinds under retention, persons, report states, and
the decisions on an erasure request with their legal grounds."""

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


class DecisionOutcome(models.TextChoices):
    """What the officer decided instead of erasing."""

    REFUSED = "refused", _("Erasure refused")
    RESTRICTED = "restricted", _("Processing restricted instead of erasure")


class LegalGround(models.TextChoices):
    """Why the data are not erased: the exceptions of GDPR art. 17(3), the conditions of
    art. 17(1) not being met, and the cases of art. 18(1) where the person's own interest
    asks for restriction."""

    LEGAL_CLAIMS = (
        "legal_claims",
        _(
            "The data are needed for the establishment, exercise or defence of legal claims "
            "(art. 17(3)(e))"
        ),
    )
    COURT_ORDER = (
        "court_order",
        _("A court order in force requires the data to be kept (art. 17(3)(b))"),
    )
    LEGAL_OBLIGATION = (
        "legal_obligation",
        _(
            "A legal obligation, or a task carried out in the public interest, requires the data "
            "to be kept (art. 17(3)(b))"
        ),
    )
    PUBLIC_HEALTH = (
        "public_health",
        _("Reasons of public interest in the area of public health (art. 17(3)(c))"),
    )
    ARCHIVING = (
        "archiving",
        _(
            "Archiving in the public interest, scientific or historical research or statistics "
            "(art. 17(3)(d))"
        ),
    )
    STILL_NEEDED = (
        "still_needed",
        _(
            "The data are still necessary for the purpose they were collected for, and no other "
            "ground for erasure applies (art. 17(1))"
        ),
    )
    ASKED_RESTRICTION = (
        "asked_restriction",
        _("The person asked for restriction instead of erasure (art. 18(1)(b))"),
    )
    OWN_CLAIMS = (
        "own_claims",
        _("The person needs the data for their own legal claims (art. 18(1)(c))"),
    )
