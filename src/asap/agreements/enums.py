"""The words of agreements: at which level an agreement binds, and where it stands."""

from django.db import models
from django.utils.translation import pgettext_lazy


class AgreementLevel(models.TextChoices):
    # Module 5, Topic 3: "an agreement between the managements of the agencies, which is not
    # limited in time and in the scope of an individual case" / "an agreement between the
    # case managers, which is limited in time and in the scope of an individual case".
    ORGANISATION = "organisation", pgettext_lazy("agreement level", "Organisations level")
    CASE = "case", pgettext_lazy("agreement level", "Case level")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("agreement status", "Draft")
    SENT = "sent", pgettext_lazy("agreement status", "Sent for sign-off")
    SIGNED = "signed", pgettext_lazy("agreement status", "Signed by every party")
    SUPERSEDED = "superseded", pgettext_lazy("agreement status", "Superseded")
    ENDED = "ended", pgettext_lazy("agreement status", "Ended")
