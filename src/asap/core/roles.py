"""The roles a member of an organisation can hold. Defined here so URL access can name them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASE_WORKER = "case_worker", _("Case worker")
    PARTNER_CONTACT = "partner_contact", _("Partner contact")
    CHILD_PROTECTION_LEAD = "child_protection_lead", _("Child-protection lead")
    COORDINATOR = "coordinator", _("Coordinator")
    TRAINER = "trainer", _("Trainer")
    TRAINEE = "trainee", _("Trainee")
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data-protection officer")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that work on joint cases; the coordinator also reads the metadata of the agency's cases.
CASE_ROLES = (
    Role.CASE_WORKER,
    Role.PARTNER_CONTACT,
    Role.CHILD_PROTECTION_LEAD,
    Role.COORDINATOR,
)
