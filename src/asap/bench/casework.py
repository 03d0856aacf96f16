"""More of what people open around the bench case: the search by a name (as the programme's
worker, who finds the case, and its coordinator, who finds none: a coordinator's search
covers only the cases they are a member of), a file attached to the case, his programme's
attendance page (both sides), and the data-protection officer's subject-access export of
the man.

Each is measured as the person does it: the name search is a POST whose redirect to the list
is followed, in the transaction that is rolled back (the name travels by POST and the search
lives in the session, never in an address); the export is a POST behind re-authentication,
rolled back too (it records the request), its ZIP read in full.
"""

import time
from typing import Any

from django.test import Client
from django.urls import reverse

from asap.bench import shape
from asap.cases.enums import PersonRole, Side
from asap.core.scopes import named_scope

# allauth asks again for the password after ACCOUNT_REAUTHENTICATION_TIMEOUT (300 s): the
# officer confirms it again, untimed, when the last confirmation is older than this.
REAUTHENTICATE_AFTER = 200


class Reauthenticated:
    """Called before each request of the officer: confirms the password again, as allauth
    asks before a sensitive action, when the last confirmation is getting old."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.at = -float("inf")

    def __call__(self) -> None:
        if time.monotonic() - self.at < REAUTHENTICATE_AFTER:
            return
        response = self.client.post("/accounts/reauthenticate/", {"password": shape.BENCH_PASSWORD})
        if response.status_code != 302:
            raise RuntimeError(f"Re-authenticating failed ({response.status_code}).")
        self.at = time.monotonic()


def dpo_email(cases: int) -> str:
    """The data-protection officer of the bench case's perpetrator programme."""
    plan = shape.CasePlan(index=shape.bench_case_index(cases), regions=shape.regions_for(cases))
    return shape.email_of(plan.pp * shape.USERS_PER_ORGANISATION + shape.DPO)


def pages(case: Any, clients: dict[str, Client], page: Any) -> list[Any]:
    """The pages as `page(name, who, url, …)` builds them, around `case`."""
    from asap.attachments.models import Attachment
    from asap.bench.run import NotSeededError
    from asap.cases.models import Person

    with named_scope("bench-seed"):  # only what to ask for; the pages are measured as people
        man = Person.objects.get(case=case, role=PersonRole.PERPETRATOR).name
        attachment = (
            Attachment.objects.filter(case=case, entry__recorded_side=Side.PERPETRATOR)
            .values_list("pk", flat=True)
            .first()
        )
    if attachment is None:
        raise NotSeededError("The bench case has no attached file: seed an empty database again.")
    search = {"name": man}
    found = {"follow": True, "contains": case.code.encode()}
    programme = reverse("programme:page", args=[case.pk])
    export = {"case_code": case.code, "person": "perpetrator", "reference": "BENCH-SAR-1"}
    return [
        page("name_search", "worker", "/cases/", search, **found),
        # A coordinator finds only the cases they are a member of: none in the seed. The
        # search and the list are measured all the same (what a coordinator waits for).
        page("name_search_coordinator", "coordinator", "/cases/", search, follow=True),
        page(
            "attachment_download",
            "worker",
            reverse("attachments:download", args=[case.pk, attachment]),
            contains=b"%PDF-",
        ),
        page("programme_page", "worker", programme),
        page("programme_page_victim_side", "victim_worker", programme),
        page(
            "subject_access_export",
            "dpo",
            reverse("dataprotection:subject_access"),
            export,
            contains=b"PK\x03\x04",
            before=Reauthenticated(clients["dpo"]),
        ),
    ]
