from django.db import models
from django.utils.translation import gettext_lazy as _

from asap.core.roles import Role

__all__ = ["OrganisationKind", "Role"]


class OrganisationKind(models.TextChoices):
    PERPETRATOR_PROGRAMME = "perpetrator_programme", _("Perpetrator programme")
    VICTIM_SUPPORT_SERVICE = "victim_support_service", _("Victim support service")
    POLICE = "police", _("Police")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    SOCIAL_SERVICES = "social_services", _("Social services")
    HEALTH = "health", _("Health")
    JUSTICE = "justice", _("Justice")
    OTHER = "other", _("Other")
