"""Every evaluation page and export, for the canary crawl (tests/security/test_canary.py)."""

from django.urls import reverse


def seeds(world) -> list[str]:
    network, row = world.ids["evaluation_network"], world.ids["evaluation_stakeholder"]
    return [
        reverse("evaluation:dashboard"),
        reverse("evaluation:dashboard_csv"),
        reverse("evaluation:dashboard_xlsx"),
        reverse("evaluation:report_xlsx"),
        reverse("evaluation:report_pdf"),
        reverse("evaluation:networks"),
        reverse("evaluation:network_create"),
        reverse("evaluation:network", args=[network]),
        reverse("evaluation:network_csv", args=[network]),
        reverse("evaluation:network_xlsx", args=[network]),
        reverse("evaluation:network_members", args=[network]),
        reverse("evaluation:network_opt_in", args=[network]),
        reverse("evaluation:stakeholders"),
        reverse("evaluation:stakeholder_add"),
        reverse("evaluation:stakeholder_edit", args=[row]),
        reverse("evaluation:stakeholder_delete", args=[row]),
    ]
