"""The words of the evaluation: stakeholders to bring into the cooperation (Module 6, Topic 3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StakeholderStatus(models.TextChoices):
    """How far bringing a stakeholder into the cooperation has gone."""

    TO_CONTACT = "to_contact", pgettext_lazy("stakeholder status", "To contact")
    CONTACTED = "contacted", pgettext_lazy("stakeholder status", "Contacted")
    JOINED = "joined", pgettext_lazy("stakeholder status", "Joined")
    DECLINED = "declined", pgettext_lazy("stakeholder status", "Declined")


class StakeholderKind(models.TextChoices):
    """What kind of participant has the resources (the agency kinds, and a few more)."""

    POLICE = "police", _("Police")
    PROSECUTION = "prosecution", _("Prosecutor's office")
    COURT = "court", _("Court")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    SOCIAL_SERVICES = "social_services", _("Social services")
    HEALTH = "health", _("Healthcare")
    EDUCATION = "education", _("Education")
    HOUSING = "housing", _("Housing")
    EMPLOYMENT = "employment", _("Employment")
    LEGAL_AID = "legal_aid", _("Legal aid")
    NGO = "ngo", _("Non-governmental organisation")
    OTHER = "other", _("Other")
