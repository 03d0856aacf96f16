"""Writes of the evaluation app: networks, opting in and out, the stakeholder map, the
audit row of every read of a dashboard or an export, and the dashboards' kept figures."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from asap.accounts.models import Organisation
from asap.core import audit
from asap.core.versioning import save_versioned
from asap.evaluation import queries
from asap.evaluation.models import DashboardFigures, Network, NetworkMember, Stakeholder
from asap.evaluation.period import Period

STAKEHOLDER_FIELDS = ("need", "name", "kind", "how", "when", "status")


def record_dashboard_read(
    *, actor: Any, organisation: Organisation, network: Network | None = None, export: str = ""
) -> None:
    """Audit that `actor` read a dashboard (or its `export`: "csv", "xlsx")."""
    action = "evaluation.network" if network else "evaluation.dashboard"
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=f"{action}.{export}" if export else action,
            obj=network or organisation,
            organisation_id=organisation.pk,
        )


def create_network(
    *,
    actor: Any,
    organisation: Organisation,
    name: str,
    description: str,
    members: list[Organisation],
) -> Network:
    """Create a network of `organisation` and `members`. The creating organisation pools its
    figures at once; every other member's coordinator opts in for their own. Side effect:
    audit `evaluation.network_create`."""
    with transaction.atomic():
        network = Network.objects.create(name=name, description=description, created_by=actor)
        NetworkMember.objects.create(
            network=network, organisation=organisation, opted_in=True, changed_by=actor
        )
        NetworkMember.objects.bulk_create(
            NetworkMember(network=network, organisation=member, changed_by=actor)
            for member in members
            if member.pk != organisation.pk
        )
        audit.record(
            actor=actor,
            action="evaluation.network_create",
            obj=network,
            organisation_id=organisation.pk,
            fields=["name", "description", "members"],
        )
    return network


def add_members(
    *, actor: Any, network: Network, organisation: Organisation, members: list[Organisation]
) -> None:
    """Add organisations to the network (not opted in). Side effect: audit."""
    with transaction.atomic():
        present = set(network.members.values_list("organisation_id", flat=True))
        NetworkMember.objects.bulk_create(
            NetworkMember(network=network, organisation=member, changed_by=actor)
            for member in members
            if member.pk not in present
        )
        audit.record(
            actor=actor,
            action="evaluation.network_members",
            obj=network,
            organisation_id=organisation.pk,
            fields=["members"],
        )


def set_opt_in(*, actor: Any, network: Network, organisation: Organisation, opted_in: bool) -> None:
    """The organisation's coordinator pools (or stops pooling) its figures in the network.
    Side effect: audit `evaluation.network_opt_in` / `_opt_out` (the network's kept figures
    are recounted at the next reading: `dashboard_counts`)."""
    with transaction.atomic():
        member = NetworkMember.objects.select_for_update().get(
            network=network, organisation=organisation
        )
        member.opted_in, member.changed_by = opted_in, actor
        member.save(update_fields=["opted_in", "changed_by", "changed_at"])
        audit.record(
            actor=actor,
            action="evaluation.network_opt_in" if opted_in else "evaluation.network_opt_out",
            obj=member,
            organisation_id=organisation.pk,
            fields=["opted_in"],
        )


def add_stakeholder(*, actor: Any, organisation: Organisation, **values: Any) -> Stakeholder:
    """Add a row to the organisation's stakeholder map. Side effect: audit."""
    with transaction.atomic():
        row = Stakeholder.objects.create(
            organisation=organisation,
            created_by=actor,
            **{k: values[k] for k in STAKEHOLDER_FIELDS},
        )
        audit.record(
            actor=actor,
            action="evaluation.stakeholder_add",
            obj=row,
            organisation_id=organisation.pk,
            fields=STAKEHOLDER_FIELDS,
        )
    return row


def change_stakeholder(
    *, actor: Any, row: Stakeholder, expected_version: int, **values: Any
) -> None:
    """Change a row; raises ConcurrentEditError if someone saved it meanwhile. Side effect:
    audit `evaluation.stakeholder_change` with the changed field names."""
    changed = [k for k in STAKEHOLDER_FIELDS if getattr(row, k) != values[k]]
    with transaction.atomic():
        for k in STAKEHOLDER_FIELDS:
            setattr(row, k, values[k])
        save_versioned(row, fields=changed, expected_version=expected_version)
        audit.record(
            actor=actor,
            action="evaluation.stakeholder_change",
            obj=row,
            organisation_id=row.organisation_id,
            fields=changed,
        )


def delete_stakeholder(*, actor: Any, row: Stakeholder) -> None:
    """Remove a row from the map. Side effect: audit `evaluation.stakeholder_delete`."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="evaluation.stakeholder_delete",
            obj=row,
            organisation_id=row.organisation_id,
        )
        row.delete()


# --- the dashboards' figures, kept --------------------------------------------------------

RECOUNT_EVERY = datetime.timedelta(hours=1)  # the worker's count (`asap.evaluation.tasks`)
# A reading recounts figures older than this: they stay fresh even where no worker runs.
RECOUNT_WHEN_OLDER = 2 * RECOUNT_EVERY


def dashboard_counts(
    period: Period, *, organisation: Organisation | None = None, network: Network | None = None
) -> tuple[dict[str, Any], datetime.datetime | None]:
    """The counts behind the dashboard of `organisation` (its own) or `network` for the
    period, and the time they were computed. The current year's are kept (counted and kept
    now if there are none, if they are older than `RECOUNT_WHEN_OLDER` or if a network's
    pooled members changed since); any other period's are counted now (time None)."""
    if period != Period.current_year():
        return queries.counts_for(period, organisation=organisation, network=network), None
    kept = queries.kept_counts(period, organisation=organisation, network=network)
    pooled = queries.counted_organisations(organisation=organisation, network=network)
    if (
        kept is None
        # Kept over other organisations than those pooled now (a member opted in or out)?
        or kept.counts[queries.ORGANISATIONS] != pooled
        # Not recounted for long (no worker runs the hourly count)?
        or kept.computed_at < timezone.now() - RECOUNT_WHEN_OLDER
    ):
        kept = refresh_figures(period, organisation=organisation, network=network)
    return kept.counts, kept.computed_at


def refresh_figures(
    period: Period, *, organisation: Organisation | None = None, network: Network | None = None
) -> DashboardFigures:
    """Count the figures of the dashboard of `organisation` (its own) or `network` for the
    period now, and keep them (replacing the kept ones)."""
    # Counted outside a transaction: on SQLite a transaction holds the write lock.
    computed_at = timezone.now()
    counts = queries.counts_for(period, organisation=organisation, network=network)
    kept, _created = DashboardFigures.objects.update_or_create(
        organisation=organisation,
        network=network,
        start=period.start,
        end=period.end,
        defaults={"counts": counts, "computed_at": computed_at},
    )
    return kept


def refresh_all_figures() -> int:
    """Recount the current year's figures of every active organisation and every network, and
    forget those of other periods (a past year's, kept until the year ended). Returns how
    many dashboards were counted."""
    period = Period.current_year()
    DashboardFigures.objects.exclude(start=period.start, end=period.end).delete()
    done = 0
    for organisation in Organisation.objects.filter(is_active=True).order_by("pk"):
        refresh_figures(period, organisation=organisation)
        done += 1
    for network in Network.objects.order_by("pk"):
        refresh_figures(period, network=network)
        done += 1
    return done
