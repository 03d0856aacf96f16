"""The evaluation app's pages in the benchmark: the coordinator's dashboard, and the network
dashboard and CSV export of a network of about 1,000 cases (the bench case's region: its
five organisations, all pooling their figures).

If the evaluation app has no network pages (URL names `evaluation:network` and
`evaluation:network_csv`), this adds nothing and the benchmark measures the other pages.
"""

from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from asap.bench import shape


def _installed() -> bool:
    if not apps.is_installed("asap.evaluation"):
        return False
    try:
        reverse("evaluation:network", args=[1])
        reverse("evaluation:network_csv", args=[1])
    except NoReverseMatch:
        return False
    return True


def ensure_network(cases: int) -> int | None:
    """The bench region's network (made once, every member opted in); None without the
    evaluation app."""
    if not _installed():
        return None
    from asap.accounts.models import Organisation
    from asap.evaluation.models import Network, NetworkMember

    plan = shape.CasePlan(index=shape.bench_case_index(cases), regions=shape.regions_for(cases))
    names = [shape.organisation_name(5 * plan.region + n) for n in range(5)]
    network, _created = Network.objects.get_or_create(
        name=f"Bench network, region {plan.region} (fictional)",
        defaults={"description": "Five agencies pooling the figures of about 1,000 cases."},
    )
    for organisation in Organisation.objects.filter(name__in=names):
        NetworkMember.objects.get_or_create(
            network=network, organisation=organisation, defaults={"opted_in": True}
        )
    return network.pk


def pages(cases: int, page: Any) -> list[Any]:
    """The evaluation pages as `page(name, who, url)` builds them, or none."""
    network = ensure_network(cases)
    if network is None:
        return []
    return [
        page("evaluation_dashboard", "coordinator", reverse("evaluation:dashboard")),
        page("network_dashboard", "coordinator", reverse("evaluation:network", args=[network])),
        page("network_csv", "coordinator", reverse("evaluation:network_csv", args=[network])),
    ]
