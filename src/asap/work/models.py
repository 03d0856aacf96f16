"""What a person took off their work list (a dismissal, with its reason), what a side's team
marked done (an alert's task), and when a person last opened My work.

A dismissal's reason may say something about the case ("she moved away"): it is encrypted
under the data key of the dismissing member's side and read only by that member through the
read policy (`asap.work.compartments`). A team's "done" carries no text.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asap.cases.enums import Compartment, Side
from asap.cases.models import JointCase
from asap.cases.policy import readable_q
from asap.cases.querysets import reader
from asap.core import datakeys
from asap.core.datakeys import KeyOwner
from asap.core.fields import EncryptedTextField
from asap.core.scopes import CaseContentManager, CaseContentQuerySet

# The compartment a dismissal's reason is filed under: the dismissing member's own side.
OWN_COMPARTMENT = {
    Side.VICTIM: Compartment.VICTIM,
    Side.PERPETRATOR: Compartment.PERPETRATOR,
    Side.AGENCY: Compartment.JOINT,
}


class DismissalQuerySet(CaseContentQuerySet):
    """A dismissal of a case's item reaches its author only, and only while the read policy
    lets the author's side read it; one without a case (an organisation's item) is no case
    content and reaches no one through a case."""

    def policy(self, access: object) -> "DismissalQuerySet":
        if not access.is_member:
            return self.none()
        return self.filter(case=access.case, user=access.user).filter(readable_q(reader(access)))


class Dismissal(models.Model):
    """One person took one item off their own list, with a reason."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="work_dismissals"
    )
    key = models.CharField(_("item"), max_length=120)
    case = models.ForeignKey(
        JointCase, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    compartment = models.CharField(
        _("who may read it"), max_length=16, choices=Compartment.choices, blank=True
    )
    recorded_side = models.CharField(
        _("recorded by"), max_length=16, choices=Side.choices, blank=True, default=""
    )
    reason = EncryptedTextField(_("reason"))
    dismissed_at = models.DateTimeField(_("dismissed"), auto_now_add=True)

    objects = CaseContentManager.from_queryset(DismissalQuerySet)()

    class Meta:
        verbose_name = _("dismissed work item")
        verbose_name_plural = _("dismissed work items")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="work_dismissal_once")]

    def __str__(self) -> str:
        return self.key

    def encryption_owner(self, field: str) -> KeyOwner | None:
        """Whose data key seals `field`: the dismissing member's side on the case; the master
        keys for an item of no case (an organisation's agreement, an account recovery)."""
        if self.case_id is None:
            return None
        return datakeys.side_owner(self.case_id, self.recorded_side)


class TeamDoneQuerySet(CaseContentQuerySet):
    """What a side's team marked done on a case: read by the members of that side only."""

    def policy(self, access: object) -> "TeamDoneQuerySet":
        if not access.is_member:
            return self.none()
        return self.filter(case=access.case, side=access.side)


class TeamDone(models.Model):
    """An alert's task marked done by one member: done for every member of that side on the
    case (the partner contact informed her; her colleagues need not)."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(_("side"), max_length=16, choices=Side.choices)
    key = models.CharField(_("item"), max_length=120)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    done_at = models.DateTimeField(_("done"), auto_now_add=True)

    objects = CaseContentManager.from_queryset(TeamDoneQuerySet)()

    class Meta:
        verbose_name = _("work item done by a team")
        verbose_name_plural = _("work items done by a team")
        constraints = [
            models.UniqueConstraint(fields=["case", "side", "key"], name="work_team_done_once")
        ]

    def __str__(self) -> str:
        return self.key


class LastSeen(models.Model):
    """When a person last opened My work: what came after counts as unread."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="work_seen"
    )
    seen_at = models.DateTimeField(_("last opened"))

    class Meta:
        verbose_name = _("My work last opened")
        verbose_name_plural = _("My work last opened")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.seen_at:%Y-%m-%d %H:%M}"
