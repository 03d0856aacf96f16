from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Source(models.TextChoices):
    """Who gave an answer: which agency's worker, or the organisation itself."""

    PERPETRATOR_PROGRAMME = "perpetrator_programme", _("Perpetrator programme")
    VICTIM_SUPPORT_SERVICE = "victim_support_service", _("Victim support service")
    OTHER_AGENCY = "other_agency", _("Other agency")
    ORGANISATION = "organisation", pgettext_lazy("answer source", "The organisation")


class AdministrationStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("assessment status", "In progress")
    COMPLETED = "completed", pgettext_lazy("assessment status", "Completed")
    # Started by mistake: off the lists and counts, kept with its audit rows.
    WITHDRAWN = "withdrawn", pgettext_lazy("assessment status", "Withdrawn")


class TimePoint(models.TextChoices):
    """The outcome measurement points of the protocol."""

    T0 = "T0", _("T0 — start of the programme")
    T1 = "T1", _("T1 — start of the intervention")
    T2 = "T2", _("T2 — every three months")
    T3 = "T3", _("T3 — end of the programme")
    T4 = "T4", _("T4 — follow-up")


LEVEL_LABELS = {
    "low": pgettext_lazy("risk level", "Low"),
    "intermediate": pgettext_lazy("risk level", "Intermediate"),
    "high": pgettext_lazy("risk level", "High"),
}
