"""The events an organisation's own system can be told of, and where a delivery stands."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventKind(models.TextChoices):
    """What happened on a case: the event's name is all a receiver learns, with the code."""

    RISK_ROSE = "risk_rose", _("Risk rose")
    EPISODE_RECORDED = "episode_recorded", _("New episode")
    DROPPED_OUT = "dropped_out", _("Drop-out")
    ACTION_OVERDUE = "action_overdue", _("Action overdue")
    MEETING_PROPOSED = "meeting_proposed", _("Meeting proposed")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("webhook delivery", "Pending")
    DELIVERED = "delivered", pgettext_lazy("webhook delivery", "Delivered")
    FAILED = "failed", pgettext_lazy("webhook delivery", "Failed")
