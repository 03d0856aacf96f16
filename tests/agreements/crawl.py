"""The agreements' pages outside /cases/ for the canary crawl (tests/security/test_canary.py)."""

from django.urls import reverse


def seeds(world) -> list[str]:
    agreement = world.ids["organisation_agreement"]
    return [
        reverse("agreements:list"),
        reverse("agreements:draft"),
        reverse("agreements:detail", args=[agreement]),
        reverse("agreements:edit", args=[agreement]),
        reverse("agreements:pdf", args=[agreement]),
    ]
