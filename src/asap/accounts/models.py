"""People who sign in, the organisations they work for, and the roles they hold there."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from asap.accounts.enums import OrganisationKind, Role
from asap.core.fields import BlindIndexField, EncryptedTextField
from asap.core.roles import CASE_ROLES


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        # Superuser status is an operator's (asap operator add): it never follows a role.
        extra.setdefault("is_operator", True)
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A professional who signs in with an e-mail address; MFA is mandatory."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    # Runs the installation; set only from the command line (`asap operator add EMAIL`).
    is_operator = models.BooleanField(_("platform operator"), default=False, editable=False)
    # A daily e-mail saying how many items wait in "My work" (no content); it can be turned off.
    work_digest = models.BooleanField(_("daily e-mail about my work"), default=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def active_memberships(self) -> list["Membership"]:
        return list(
            self.memberships.filter(is_active=True, organisation__is_active=True)
            .select_related("organisation")
            .order_by("organisation__name", "role")
        )

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(m.role for m in self.active_memberships)

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def has_any_role(self, roles: Iterable[str]) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def works_on_cases(self) -> bool:
        return self.has_any_role(CASE_ROLES)

    @property
    def is_system_account(self) -> bool:
        """The account of an API token (asap.api): it never signs in, and it is managed with
        its token on the organisation's API tokens page, never recovered like a person's."""
        from asap.api.models import SYSTEM_EMAIL_DOMAIN

        return self.email.endswith(f"@{SYSTEM_EMAIL_DOMAIN}")

    def organisations_where(self, role: str) -> list["Organisation"]:
        return [m.organisation for m in self.active_memberships if m.role == role]


class Organisation(models.Model):
    """An agency taking part in the cooperation: a PP, a VSS, police, child protection, …"""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 code, e.g. IT."))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    # A shelter's address and contact can locate the women it protects: encrypted at rest.
    address = EncryptedTextField(_("address"), blank=True)
    contact_email = EncryptedTextField(_("contact e-mail"), blank=True)
    contact_email_index = BlindIndexField(source="contact_email")
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Absences from his programme in a row that alert the victim side (perpetrator programmes).
    absence_alert_threshold = models.PositiveSmallIntegerField(
        _("absences in a row that alert the victim side"), default=2
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one organisation. A user may hold several roles and organisations."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class SecurityEvent(models.Model):
    """One entry of a person's security log, beside its audit row (which holds no values)."""

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="security_events"
    )
    action = models.CharField(_("event"), max_length=64)
    at = models.DateTimeField(_("time"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    audit_seq = models.PositiveBigIntegerField(_("audit row"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        indexes = [models.Index(fields=["user", "-at"], name="security_event_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.action} · {self.at:%Y-%m-%d %H:%M}"


class SessionRecord(models.Model):
    """A signed-in session of a person, known by the hash of its key."""

    class EndReason(models.TextChoices):
        SIGNED_OUT = "signed_out", _("Signed out")
        IDLE = "idle", _("Idle timeout")
        ENDED = "ended", _("Ended by the person")
        EVERYWHERE = "everywhere", _("Signed out everywhere")
        RECOVERY = "recovery", _("Account recovery")
        DEACTIVATED = "deactivated", _("Account deactivated")

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="session_records"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("signed in"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last seen"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(
        _("how it ended"), max_length=16, choices=EndReason.choices, blank=True
    )

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"


class RecoveryRequest(models.Model):
    """Resetting another person's password or removing their authenticators."""

    class Kind(models.TextChoices):
        PASSWORD = "password", _("Password reset")
        AUTHENTICATORS = "authenticators", _("Removal of two-factor authentication")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a second administrator")
        COMPLETED = "completed", _("Completed")
        REFUSED = "refused", _("Refused")
        EXPIRED = "expired", _("Expired")

    person = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="recoveries"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=16, choices=State.choices)
    needs_second_approval = models.BooleanField(_("needs a second administrator"))
    requested_by = models.ForeignKey(
        User, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    approved_by = models.ForeignKey(
        User, verbose_name=_("approved by"), on_delete=models.PROTECT, related_name="+", null=True
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    refused_by = models.ForeignKey(
        User, verbose_name=_("refused by"), on_delete=models.PROTECT, related_name="+", null=True
    )
    refused_at = models.DateTimeField(_("refused"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("recovery request")
        verbose_name_plural = _("recovery requests")

    def __str__(self) -> str:
        return f"{self.person} · {self.kind} · {self.state}"
