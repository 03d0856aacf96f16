"""Every page of the data-protection officer, for the canary crawl. The subject-access export
and the erasure are POST forms behind re-authentication: the crawl's GET and empty POST reach
the form, never an export or an erasure."""

from django.urls import reverse


def seeds(world) -> list[str]:
    names = [
        "index",
        "retention",
        "erasure",
        "subject_access",
        "register",
        "activity_new",
        "breaches",
        "breach_new",
    ]
    urls = [reverse(f"dataprotection:{name}") for name in names]
    urls.append(reverse("dataprotection:breach_edit", args=[world.ids["breach"]]))
    # A case code in the query string is never echoed as case content.
    urls.append(f"{reverse('dataprotection:subject_access')}?case_code={world.case.code}")
    return urls
