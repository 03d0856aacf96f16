"""Writes of the evaluation app: networks, opting in and out, the stakeholder map, and the
audit row of every read of a dashboard or an export."""

from typing import Any

from django.db import transaction

from asap.accounts.models import Organisation
from asap.core import audit
from asap.core.versioning import save_versioned
from asap.evaluation.models import Network, NetworkMember, Stakeholder

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
    Side effect: audit `evaluation.network_opt_in` / `_opt_out`."""
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
