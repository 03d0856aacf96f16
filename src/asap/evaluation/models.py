"""Networks that pool their figures, and the stakeholder map (Module 6, Topic 3).

Nothing here holds case data: a network pools counts over the cases of the member
organisations that opted in, and the stakeholder map is about organisations, not people.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asap.accounts.models import Organisation
from asap.cases.querysets import MembersQuerySet, manager
from asap.evaluation.enums import StakeholderKind, StakeholderStatus


class Network(models.Model):
    """Agencies that agreed to read figures pooled over their cases."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name


class NetworkMember(models.Model):
    """An organisation in a network; its figures pool only while its coordinator opts in."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="network_memberships"
    )
    opted_in = models.BooleanField(_("pools its figures"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation"], name="network_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.network} · {self.organisation}"


class Stakeholder(models.Model):
    """One row of the stakeholder map: a victims' need, who has the resources to meet it,
    and how and when to bring that participant into the cooperation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="stakeholders"
    )
    need = models.TextField(_("victims' need"))
    name = models.CharField(_("who has the resources"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=StakeholderKind.choices)
    how = models.TextField(_("how to bring them in"))
    when = models.CharField(_("when"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=StakeholderStatus.choices,
        default=StakeholderStatus.TO_CONTACT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["status", "name", "pk"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")

    def __str__(self) -> str:
        return self.name


class OutcomeScore(models.Model):
    """The total frequency of the forms of violence in one completed outcome questionnaire.

    Answers are encrypted at rest, so SQL cannot sum them; a completed questionnaire never
    changes, so its total is computed once, the first time a dashboard needs it, and the
    dashboards then aggregate these rows in SQL. A number only: no answer, no text. Deleted
    with the questionnaire and with the case.
    """

    administration = models.OneToOneField(
        "instruments.Administration", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey("cases.JointCase", on_delete=models.CASCADE, related_name="+")
    respondent = models.CharField(max_length=16)
    time_point = models.CharField(max_length=2)
    total = models.FloatField()

    objects = manager(MembersQuerySet)

    class Meta:
        verbose_name = _("outcome score")
        verbose_name_plural = _("outcome scores")
        indexes = [
            models.Index(fields=["case", "respondent", "time_point"], name="outcome_score_case")
        ]

    def __str__(self) -> str:
        return f"{self.administration_id}: {self.total}"


class DashboardFigures(models.Model):
    """The numbers behind one dashboard for one period, as of `computed_at`: an
    organisation's own (exact) or a network's pooled over its opted-in members.

    The dashboards read these rather than counting the cases on every request, so that a
    page costs the same whatever the platform's size. `asap evaluation refresh-figures` (every
    hour on the worker) recomputes them; a dashboard without them computes and keeps them; a
    network's are dropped when its members or their opting in change. Counts and means only,
    as plain JSON: no case, no name, no text; the five-case rule is applied when they are
    shown (`asap.evaluation.suppression`).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, null=True, blank=True, related_name="figures"
    )
    start = models.DateField()
    end = models.DateField()
    computed_at = models.DateTimeField()
    counts = models.JSONField()

    class Meta:
        verbose_name = _("dashboard figures")
        verbose_name_plural = _("dashboard figures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=True) ^ models.Q(network__isnull=True),
                name="dashboard_figures_one_scope",
            ),
            models.UniqueConstraint(
                fields=["organisation", "start", "end"],
                condition=models.Q(network__isnull=True),
                name="dashboard_figures_organisation_once",
            ),
            models.UniqueConstraint(
                fields=["network", "start", "end"],
                condition=models.Q(organisation__isnull=True),
                name="dashboard_figures_network_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation or self.network} {self.start} to {self.end}"
