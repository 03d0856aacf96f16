"""Every page of the data-protection officer, for the canary crawl, and every one of its
forms submitted as an officer (`submit_every_form`). The subject-access export and the
erasure are POST forms behind re-authentication: the crawl's GET and empty POST reach the
form, never an export or an erasure; `submit_every_form` fills them in."""

import io
import json
import zipfile

from django.db import transaction
from django.urls import reverse

from asap.dataprotection.models import RetentionReport
from tests.dataprotection.conftest import close_case
from tests.pdf import pdf_text

PERSONS = ["victim", "child:1", "perpetrator"]


def seeds(world) -> list[str]:
    names = [
        "index",
        "retention",
        "find",
        "erasure",
        "decide",
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


def read_back(response) -> str:
    """What a person gets back, as they would read it: every file of a ZIP (a PDF's text
    included), a PDF's text, or the page; headers too."""
    body = b"".join(response) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith("application/zip"):
        archive = zipfile.ZipFile(io.BytesIO(body))
        parts = []
        for name in archive.namelist():
            data = archive.read(name)
            parts.append(pdf_text(data) if name.endswith(".pdf") else data.decode())
            if name.endswith(".pdf"):
                parts.append(pdf_text(data, squeeze=True))
            if name.endswith(".json"):  # non-ASCII values unescaped, as a reader sees them
                parts.append(json.dumps(json.loads(data), ensure_ascii=False))
        text = "\n".join(parts)
    elif kind.startswith("application/pdf"):
        text = pdf_text(body) + "\n" + pdf_text(body, squeeze=True)
    else:
        text = body.decode("utf-8", "replace")
    return "\n".join(f"{k}: {v}" for k, v in response.items()) + "\n" + text


def _post(client, url: str, data: dict) -> tuple[int, str]:
    """POST in a transaction that is rolled back: an erasure does not change what the next
    form meets."""
    with transaction.atomic():
        response = client.post(url, data)
        transaction.set_rollback(True)
    return response.status_code, read_back(response)


def _decide(client, request: dict, outcome: str) -> tuple[int, str]:
    """Refuse or restrict an erasure, and read the decision and its letter, rolled back."""
    with transaction.atomic():
        response = client.post(
            reverse("dataprotection:decide"),
            {**request, "outcome": outcome, "ground": "legal_claims", "explanation": "CRAWL"},
        )
        text = read_back(response)
        if response.status_code == 302:
            letter = client.get(response["Location"] + "letter.pdf")
            text += "\n" + read_back(client.get(response["Location"])) + read_back(letter)
        transaction.set_rollback(True)
    return response.status_code, text


def submit_every_form(client, world) -> dict[str, tuple[int, str]]:
    """As one officer: the search by each person's name, the subject-access export, the
    erasure, the refusal and the restriction of an erasure (with its letter) of every person
    of the world's case, the retention dry run (the case closed long ago) and applying it.
    Each answer as (status, what came back)."""
    answers = {}
    code = world.case.code
    names = {
        "victim": world.canaries["victim_name"],
        "child:1": world.canaries["child_name"],
        "perpetrator": "Mario Esposito (world)",
    }
    for person in PERSONS:
        answers[f"find:{person}"] = _post(
            client, reverse("dataprotection:find"), {"name": names[person]}
        )
        request = {"case_code": code, "person": person, "reference": "CRAWL-1"}
        for outcome in ["refused", "restricted"]:
            answers[f"{outcome}:{person}"] = _decide(client, request, outcome)
        answers[f"subject_access:{person}"] = _post(
            client, reverse("dataprotection:subject_access"), request
        )
        answers[f"erasure:{person}"] = _post(
            client, reverse("dataprotection:erasure"), {**request, "confirm": "on"}
        )
    with transaction.atomic():
        close_case(world.case, years_ago=10)
        retention = reverse("dataprotection:retention")
        response = client.post(retention, {"action": "dry_run"}, follow=True)
        answers["retention:dry_run"] = (response.status_code, read_back(response))
        report = RetentionReport.objects.filter(status="proposed").order_by("-pk").first()
        if report is not None:
            response = client.post(
                reverse("dataprotection:apply", args=[report.pk]), {"confirm": "on"}
            )
            answers["retention:apply"] = (response.status_code, read_back(response))
        transaction.set_rollback(True)
    return answers
