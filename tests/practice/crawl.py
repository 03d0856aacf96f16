"""The practice pages for the canary crawl: every persona outside the victim side (the
world's trainee among them) fetches them, and no canary of the real case may appear."""

from django.urls import reverse

from asap.practice import casebook


def seeds(world) -> list[str]:
    attempt = world.ids["practice_attempt"]
    urls = [reverse("practice:list"), reverse("practice:review")]
    for key in casebook.shipped():
        urls += [reverse("practice:case", args=[key]), reverse("practice:reference", args=[key])]
    urls += [
        reverse(f"practice:{name}", args=[attempt])
        for name in ("attempt", "checklist", "actions", "action_add", "safety", "compare")
    ]
    urls += [reverse("practice:action_edit", args=[attempt, world.ids["practice_action"]])]
    # The real case's pk in practice URLs finds nothing there either.
    urls += [reverse("practice:attempt", args=[world.case.pk])]
    return urls
