"""Multi-agency standard agreements and their parties' sign-offs.

An organisation-level agreement binds the managements of two or more agencies and is not
tied to a case; a case-level agreement binds the case managers of one joint case for a
limited time. Its text is joint: every member of the case reads it, so the forms refuse what
the victim side's protected details hold. Once every party has signed, the text is frozen:
each sign-off keeps the hash of the text it signed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asap.accounts.models import Organisation
from asap.agreements.enums import AgreementLevel, AgreementStatus
from asap.cases.models import JointCase

# The sections of "Development of a Multi-Agency Standard Agreement" (Module 5, Topic 3).
SECTION_FIELDS = ("legislative_framework", "principles", "scope", "objectives", "commitments")


class Agreement(models.Model):
    level = models.CharField(_("level"), max_length=16, choices=AgreementLevel.choices)
    case = models.ForeignKey(
        JointCase, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The agency whose coordinator (or case manager) drafted it.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    legislative_framework = models.TextField(_("Legislative framework - if any"), blank=True)
    principles = models.TextField(_("Principles"))
    scope = models.TextField(_("Scope"))
    objectives = models.TextField(_("Objectives"))
    commitments = models.TextField(_("Commitments"))
    starts_on = models.DateField(_("in force from"), null=True, blank=True)
    ends_on = models.DateField(_("in force until"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
    )
    text_hash = models.CharField(_("hash of the text sent for sign-off"), max_length=64)
    supersedes = models.OneToOneField(
        "self",
        # RESTRICT: deleting a whole case (retention) takes every version with it.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    sent_at = models.DateTimeField(_("sent for sign-off"), null=True, blank=True)
    locked_at = models.DateTimeField(_("signed by every party"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("drafted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("multi-agency standard agreement")
        verbose_name_plural = _("multi-agency standard agreements")
        indexes = [
            models.Index(fields=["level", "status"], name="agreement_level_status"),
            models.Index(fields=["case", "status"], name="agreement_case_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == AgreementStatus.DRAFT

    @property
    def is_locked(self) -> bool:
        """Signed by every party (and perhaps superseded or ended since): frozen."""
        return self.locked_at is not None


class Party(models.Model):
    """An agency bound by an agreement, and its sign-off once given."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        # The signatory's name is kept in `signed_name` if the account is ever removed.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by"),
    )
    signed_name = models.CharField(_("name of the signatory"), max_length=150, blank=True)
    signed_role = models.CharField(_("role of the signatory"), max_length=64, blank=True)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_hash = models.CharField(_("hash of the signed text"), max_length=64, blank=True)

    class Meta:
        ordering = ["organisation__name", "pk"]
        verbose_name = _("party to an agreement")
        verbose_name_plural = _("parties to agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="agreement_party_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.organisation}"

    @property
    def has_signed(self) -> bool:
        return self.signed_at is not None
