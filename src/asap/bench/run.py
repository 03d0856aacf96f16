"""`asap bench run`: p50 and p95 of the platform's pages against the seeded database, in
one process, with django.test.Client, next to the floor (a minimal signed-in view).

Each page is requested `warmup` times, then `samples` times timed; one more request counts
its SQL queries (counting slows a request a little, so it is not timed). POSTs run inside a
transaction that is rolled back, so every sample saves the same change to the same row (a
POST that redirects to its result follows the redirect inside that transaction).
"""

import math
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asap.bench import api as bench_api
from asap.bench import casework, network, shape
from asap.bench.htmlforms import post_form
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope

SAMPLES = 40
WARMUP = 5


class NotSeededError(Exception):
    """No `asap bench seed` ran on this database."""


@dataclass
class Page:
    """One measured request: who asks (a signed-in client's key), what, and the answer
    expected. With `data`, a POST rolled back after each sample (`follow`: its redirect
    followed before the rollback). `contains`: bytes the answer must hold (a search must find
    the case). `before`: called untimed before each request (re-authentication)."""

    name: str
    who: str
    url: str
    data: dict[str, Any] | None = None
    status: int = 200
    follow: bool = False
    contains: bytes = b""
    before: Callable[[], None] | None = None
    timings: list[float] = field(default_factory=list)
    queries: int = 0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def seeded_cases() -> int:
    event = AuditEvent.objects.filter(action="bench.seeded").order_by("-seq").first()
    if event is None:
        raise NotSeededError("No seeded data here: run `asap bench seed --cases N` first.")
    return int(event.object_id)


def new_client() -> Client:
    """A client that names a host this server answers (`testserver` is not one)."""
    hosts = [h for h in settings.ALLOWED_HOSTS if h != "*"]
    host = hosts[0].lstrip(".") if hosts else "testserver"
    return Client(HTTP_HOST=host)


def sign_in(email: str) -> Client:
    """Sign in as a person does: password, then a TOTP code. allauth refuses a code used
    once; a run shortly after another may find this step's code used, and waits for the
    next step (at most a few times)."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    for _attempt in range(4):
        client = new_client()
        response = client.post(
            "/accounts/login/", {"login": email, "password": shape.BENCH_PASSWORD}
        )
        if response.status_code != 302:
            raise RuntimeError(f"Signing in as {email} failed ({response.status_code}).")
        if not response["Location"].startswith("/accounts/2fa/authenticate/"):
            return client
        step = int(time.time()) // 30
        code = format_hotp_value(hotp_value(shape.BENCH_TOTP_SECRET, step))
        response = client.post("/accounts/2fa/authenticate/", {"code": code})
        if response.status_code == 302:
            return client
        time.sleep(30 - time.time() % 30 + 1)
    raise RuntimeError(f"The TOTP step for {email} failed.")


def _request(client: Client, page: Page) -> Any:
    if page.data is None:
        return client.get(page.url)
    with transaction.atomic():
        response = client.post(page.url, page.data, follow=page.follow)
        transaction.set_rollback(True)
    return response


def _settle(page: Page, client: Client) -> None:
    """Before a POST (rolled back, with the session's once-a-minute write when it is due):
    an untimed signed-in GET, whose write stays. Without it, a client that only POSTs (the
    officer's export) would write its session on every request once the minute had passed,
    the write rolled back each time."""
    if page.before is not None:
        page.before()
    if page.data is not None:
        client.get(reverse("bench:floor"))


def _checked(page: Page, client: Client) -> float:
    """One request of `page`; its duration in milliseconds."""
    _settle(page, client)
    started = time.perf_counter()
    response = _request(client, page)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != page.status:
        raise RuntimeError(
            f"{page.name}: {page.url} answered {response.status_code}, "
            f"expected {page.status}: {response.content[:300]!r}"
        )
    if page.contains and page.contains not in response.content:
        raise RuntimeError(f"{page.name}: {page.url} lacks {page.contains!r}.")
    return elapsed


def measure(
    measured: list[Page],
    clients: dict[str, Client],
    *,
    samples: int,
    warmup: int,
    progress: Callable[[str], None],
) -> None:
    """Warm every page up, then time them in rounds (every page once per round): on a shared
    machine, a busy moment then slows every page alike, the floor included. Last, count
    each page's queries: in two more requests, keeping the smaller count, since a write done
    at most once a minute per session (the session's own, the last-use stamps) falls on
    whichever request comes first after its minute, whatever the page (`count_queries`)."""
    for page in measured:
        for _ in range(warmup):
            _checked(page, clients[page.who])
    for number in range(samples):
        progress(f"\rround {number + 1}/{samples} of {len(measured)} pages")
        for page in measured:
            page.timings.append(_checked(page, clients[page.who]))
    for page in measured:
        page.queries = count_queries(page, clients[page.who])


def count_queries(page: Page, client: Client) -> int:
    """The page's own queries: the smaller count of two requests in a row (the second is
    within the same minute as the first, so at most one of them carries a once-a-minute
    write)."""
    counts = []
    for _ in range(2):
        _settle(page, client)
        with CaptureQueriesContext(connection) as queries:
            _request(client, page)
        counts.append(len(queries))
    return min(counts)


def _form(client: Client, url: str, change: Callable[[dict[str, list[str]]], None]) -> dict:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}.")
    data = post_form(response.content.decode())
    change(data)
    return data


def pages(cases: int, clients: dict[str, Client]) -> list[Page]:
    """The measured pages, built around the bench case (see `shape.bench_case_index`)."""
    from asap.cases.models import JointCase
    from asap.instruments.models import Administration
    from asap.meetings.models import Meeting
    from asap.plans.models import ActionItem

    code = shape.case_code(shape.bench_case_index(cases))
    case = JointCase.objects.get(code=code)
    # Only the ids of the bench case's records to open: the pages themselves are measured
    # through the client, as a worker reads them, outside any scope.
    with named_scope("bench-seed"):
        review = Administration.objects.filter(
            case=case, definition_key="risk-checklist", status="open"
        ).first()
        action = ActionItem.objects.filter(case=case, status="open").order_by("pk").first()
        meeting = Meeting.objects.filter(case=case, minutes__isnull=False).first()
    if review is None or action is None or meeting is None:
        raise NotSeededError("The bench case lacks a record: seed an empty database again.")
    risk_url = reverse("instruments:answer", args=[case.pk, review.pk])
    action_url = reverse("plans:edit", args=[case.pk, action.pk])
    worker = clients["worker"]

    def answer_yes(data: dict[str, list[str]]) -> None:
        data["item_A1"] = ["yes"]

    def in_progress(data: dict[str, list[str]]) -> None:
        data["status"] = ["in_progress"]

    return [
        Page("login", "anonymous", "/accounts/login/"),
        Page("dashboard_case_worker", "worker", "/"),
        Page("dashboard_coordinator", "coordinator", "/"),
        Page("case_list", "worker", "/cases/"),
        Page("case_list_coordinator", "coordinator", "/cases/"),
        Page("case_list_filtered", "coordinator", "/cases/?phase=intervention&overdue=on"),
        Page("case_list_search", "coordinator", f"/cases/?q={code}"),
        # My work across the worker's ~33 cases (and the victim side's), one query per source.
        Page("work_inbox", "worker", reverse("work:list")),
        Page("work_inbox_victim_side", "victim_worker", reverse("work:list")),
        Page("case_page", "worker", reverse("cases:detail", args=[case.pk])),
        Page("case_page_victim_side", "victim_worker", reverse("cases:detail", args=[case.pk])),
        Page("risk_form_get", "worker", risk_url),
        Page("risk_form_post", "worker", risk_url, _form(worker, risk_url, answer_yes), 302),
        Page("action_update", "worker", action_url, _form(worker, action_url, in_progress), 302),
        Page(
            "minutes_pdf",
            "worker",
            reverse("meetings:minutes_pdf", args=[case.pk, meeting.pk]),
        ),
        # The name search, a file, his programme, the subject-access export (`casework`).
        *casework.pages(case, clients, Page),
        # The evaluation app's dashboards, on the network the seed made (see `network`).
        *network.pages(cases, Page),
        # The API: the case list and the case's metadata, with a token (`bench_api`).
        *bench_api.pages(case, Page),
    ]


def signed_in_clients(cases: int) -> dict[str, Client]:
    """The pages' readers, each signed in as a person does (`Page.who` names them)."""
    plan = shape.CasePlan(index=shape.bench_case_index(cases), regions=shape.regions_for(cases))
    coordinator = plan.pp * shape.USERS_PER_ORGANISATION + shape.COORDINATOR
    return {
        "anonymous": new_client(),
        "worker": sign_in(shape.email_of(plan.pp_worker)),
        "victim_worker": sign_in(shape.email_of(plan.vss_worker)),
        "coordinator": sign_in(shape.email_of(coordinator)),
        "dpo": sign_in(casework.dpo_email(cases)),
    }


def run(
    *, samples: int = SAMPLES, warmup: int = WARMUP, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Measure every page; return the results in the documented JSON shape."""
    say = progress or (lambda _line: None)
    cases = seeded_cases()
    plan = shape.CasePlan(index=shape.bench_case_index(cases), regions=shape.regions_for(cases))
    clients = signed_in_clients(cases)
    from asap.cases.models import JointCase

    case = JointCase.objects.get(code=shape.case_code(shape.bench_case_index(cases)))
    with bench_api.api_client(case, shape.email_of(plan.pp_worker), new_client) as api:
        clients["api"] = api
        floor = Page("floor", "worker", reverse("bench:floor"))
        measured = [floor, *pages(cases, clients)]
        measure(measured, clients, samples=samples, warmup=warmup, progress=say)
        measured.remove(floor)
    return {
        "cases": cases,
        "database": connection.vendor,
        "floor": _figures(floor, with_queries=False),
        "pages": {page.name: _figures(page) for page in measured},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _figures(page: Page, *, with_queries: bool = True) -> dict[str, float | int]:
    figures: dict[str, float | int] = {
        "p50_ms": round(percentile(page.timings, 0.5), 2),
        "p95_ms": round(percentile(page.timings, 0.95), 2),
    }
    if with_queries:
        figures["queries"] = page.queries
    return figures


def table(results: dict[str, Any]) -> str:
    """The results as a plain-text table, with each p95's ratio to the floor's."""
    floor = results["floor"]["p95_ms"] or 1
    lines = [
        f"{results['cases']:,} cases on {results['database']}; "
        f"floor p50 {results['floor']['p50_ms']} ms, p95 {results['floor']['p95_ms']} ms; "
        f"peak memory {results['peak_rss_mb']} MB",
        f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'p95/floor':>10}",
    ]
    for name, page in results["pages"].items():
        lines.append(
            f"{name:28} {page['p50_ms']:8.1f} {page['p95_ms']:8.1f} {page['queries']:8d} "
            f"{page['p95_ms'] / floor:9.1f}x"
        )
    return "\n".join(lines)
