"""The audit trail: append-only rows, each carrying the hash of the one before it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit row."""


class AuditEvent(models.Model):
    """One thing that happened: who did what to which object, never the values involved."""

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    # Stored as an id, not a key: the trail outlives what it describes.
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    organisation_id = models.PositiveBigIntegerField(_("organisation"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    case_id = models.PositiveBigIntegerField(_("case"), null=True, blank=True, db_index=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    request_id = models.CharField(_("request id"), max_length=32, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)
    # Which ASAP_AUDIT_KEY the row's HMAC was made with (asap.core.audit.key_id).
    key_id = models.CharField(_("key id"), max_length=16, blank=True, default="")

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["organisation_id", "-seq"], name="audit_org_seq"),
            models.Index(fields=["actor", "-seq"], name="audit_actor_seq"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit rows are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit rows are never deleted.")


class AuditHead(models.Model):
    """The single row that holds the end of the chain; locking it serialises appends."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit head")

    def __str__(self) -> str:
        return f"head #{self.seq}"


class DataKey(models.Model):
    """One data key of a case (envelope encryption, `asap.core.datakeys`): per side that
    records content, per person for identifying fields. The key itself is stored wrapped by
    the master keys (ASAP_FIELD_KEYS); destroying it (crypto-shredding) empties `wrapped`
    and every value sealed under it is beyond use, wherever a copy of it lies."""

    case_id = models.PositiveBigIntegerField(_("case"), null=True, blank=True)
    # "victim", "perpetrator", "agency", "case" (the platform's own or joint texts without a
    # recorder), "person:<role>:<number>", or "sentinel" (the start-up check, no case).
    subject = models.CharField(_("subject"), max_length=40)
    wrapped = models.TextField(_("wrapped key"), blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=16)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    destroyed_at = models.DateTimeField(_("destroyed"), null=True, blank=True)
    destroyed_reason = models.CharField(_("reason"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("data key")
        verbose_name_plural = _("data keys")
        indexes = [models.Index(fields=["case_id", "subject"], name="data_key_owner")]
        constraints = [
            models.UniqueConstraint(
                fields=["case_id", "subject"],
                condition=models.Q(destroyed_at__isnull=True),
                name="data_key_live_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.subject}"


class RenderedDocument(models.Model):
    """A case document's PDF as it was last rendered for one audience (`asap.core.rendered`),
    sealed under the case's "rendered" data key. Served again only while `fingerprint` (the
    hash of the page and styles it was laid out from) matches what the reader would get now;
    deleted, and its key destroyed, whenever any data key of the case is destroyed."""

    case_id = models.PositiveBigIntegerField(_("case"))
    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("object id"))
    # Whose view of the case it shows: the reader's side and organisation.
    audience = models.CharField(_("audience"), max_length=60)
    language = models.CharField(_("language"), max_length=16)
    variant = models.CharField(_("variant"), max_length=16)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    ciphertext = models.BinaryField(_("ciphertext"))
    created = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("rendered document")
        verbose_name_plural = _("rendered documents")
        constraints = [
            models.UniqueConstraint(
                fields=["case_id", "kind", "object_id", "audience", "language", "variant"],
                name="rendered_document_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.kind} {self.object_id}"
