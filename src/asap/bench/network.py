"""The evaluation app's pages in the benchmark: the coordinator's dashboard, and the network
dashboard and CSV export of a network of about 1,000 cases (the bench case's region: its
five organisations, all pooling their figures). `bench seed` makes the network; `bench run`
only looks it up, so nothing is written while it measures.
"""

from typing import Any

from django.urls import reverse

from asap.accounts.models import Organisation
from asap.bench import shape
from asap.evaluation.models import Network, NetworkMember


def _plan(cases: int) -> shape.CasePlan:
    return shape.CasePlan(index=shape.bench_case_index(cases), regions=shape.regions_for(cases))


def _name(cases: int) -> str:
    return f"Bench network, region {_plan(cases).region} (fictional)"


def ensure_network(cases: int) -> int:
    """The bench region's network (made once, every member opted in)."""
    region = _plan(cases).region
    names = [shape.organisation_name(5 * region + n) for n in range(5)]
    network, _created = Network.objects.get_or_create(
        name=_name(cases),
        defaults={"description": "Five agencies pooling the figures of about 1,000 cases."},
    )
    for organisation in Organisation.objects.filter(name__in=names):
        NetworkMember.objects.get_or_create(
            network=network, organisation=organisation, defaults={"opted_in": True}
        )
    return network.pk


def pages(cases: int, page: Any) -> list[Any]:
    """The evaluation pages as `page(name, who, url)` builds them, on the seeded network."""
    network = Network.objects.values_list("pk", flat=True).get(name=_name(cases))
    return [
        page("evaluation_dashboard", "coordinator", reverse("evaluation:dashboard")),
        page("network_dashboard", "coordinator", reverse("evaluation:network", args=[network])),
        page("network_csv", "coordinator", reverse("evaluation:network_csv", args=[network])),
    ]
