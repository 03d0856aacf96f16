"""The words of meetings: how a meeting is held and where it stands."""

from django.db import models
from django.utils.translation import pgettext_lazy


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", pgettext_lazy("meeting mode", "In person")
    ONLINE = "online", pgettext_lazy("meeting mode", "Online")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("meeting status", "Planned")
    HELD = "held", pgettext_lazy("meeting status", "Held")
    CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")
