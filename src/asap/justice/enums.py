"""The words of police and court records: protection orders, proceedings, the conditions a
court put on the man's programme, and the progress reports sent back to the court.

The kinds of order follow the Istanbul Convention (art. 52 "emergency barring orders", art.
53 "restraining or protection orders") and the European Protection Order (Directive
2011/99/EU), the names a worker in any member state recognises.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from asap.cases.enums import Compartment, Side


class OrderKind(models.TextChoices):
    EMERGENCY_BARRING = (
        "emergency_barring",
        _("Emergency barring order (police, a few days or weeks)"),
    )
    PROTECTION = "protection", _("Protection order (court, civil or family)")
    RESTRAINING = "restraining", _("Restraining order (criminal court)")
    EUROPEAN = "european", _("European protection order (issued in another member state)")
    OTHER = "other", pgettext_lazy("order kind", "Other order")


class Protects(models.TextChoices):
    """Whom the order protects."""

    WOMAN = "woman", _("The woman")
    CHILD = "child", _("A child or the children")
    BOTH = "both", _("The woman and the children")


class ProceedingKind(models.TextChoices):
    CRIMINAL = "criminal", pgettext_lazy("proceeding", "Criminal")
    CIVIL = "civil", pgettext_lazy("proceeding", "Civil")
    FAMILY = "family", pgettext_lazy("proceeding", "Family (custody, contact, separation)")


class ProceedingStatus(models.TextChoices):
    ONGOING = "ongoing", pgettext_lazy("proceeding", "Ongoing")
    CONCLUDED = "concluded", pgettext_lazy("proceeding", "Concluded (decided)")
    DISCONTINUED = "discontinued", pgettext_lazy("proceeding", "Discontinued or withdrawn")


class ReportTo(models.TextChoices):
    """Who the programme reports to about the man's attendance and progress."""

    COURT = "court", _("The court")
    PROBATION = "probation", _("The probation service")


class ReportingInterval(models.TextChoices):
    MONTHLY = "monthly", _("Every month")
    QUARTERLY = "quarterly", _("Every three months")
    HALF_YEARLY = "half_yearly", _("Every six months")
    AT_END = "at_end", _("At the end of the programme only")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("report", "Draft: not sent")
    SENT = "sent", pgettext_lazy("report", "Sent")


# The compartment a record is filed under when the recorder does not choose another (they
# choose among the compartments their side writes: `CaseAccess.writable_compartments()`).
#
# - Victim side, an order or a proceeding: PROTECTED. An order protecting her names where she
#   and the children must not be approached (her address, the school), and the issuing
#   authority or the court can locate her (a court near where she lives now); a proceeding's
#   reference opens a court file holding her address. Her worker widens it deliberately (joint:
#   the programme reads it under her consent) when the programme must know.
# - Victim side, a court condition on his programme: JOINT. It is about his programme and holds
#   nothing of hers; the programme must know it.
# - Perpetrator side and other agencies: JOINT. An order against him, his hearings and his court
#   conditions bear on her safety: the victim side must know. Their forms warn not to write a
#   place (they cannot file anything protected: they could not read it back).
ORDER_DEFAULT = {
    Side.VICTIM: Compartment.PROTECTED,
    Side.PERPETRATOR: Compartment.JOINT,
    Side.AGENCY: Compartment.JOINT,
}
PROCEEDING_DEFAULT = ORDER_DEFAULT
CONDITION_DEFAULT = {
    Side.VICTIM: Compartment.JOINT,
    Side.PERPETRATOR: Compartment.JOINT,
    Side.AGENCY: Compartment.JOINT,
}
