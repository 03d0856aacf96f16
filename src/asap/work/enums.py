from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    """What a line of My work asks for. The label is all it says: never case content."""

    ACTION = "action", _("Action of the joint plan")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire due")
    INVITATION = "invitation", _("Invitation to a case")
    AGREEMENT = "agreement", _("Agreement to sign")
    MEETING = "meeting", _("Meeting to schedule")
    ALERT = "alert", _("Alert")
    COURT = "court", _("Police and court date")
    RECOVERY = "recovery", _("Account recovery to approve")
