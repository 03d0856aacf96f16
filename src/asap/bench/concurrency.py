"""`asap bench concurrency`: what the audit chain's head lock costs when several workers open
case pages at the same moment.

1, 4 and 16 readers, each a separate process (as gunicorn workers are) with its own database
connection, signed in as a different case worker and reading its own cases' pages, for a
fixed time. Each configuration runs in three variants, next to each other and in rounds
(A B C, then C B A, …: a busy moment on a shared machine then weighs on every variant alike):

- `chain`: the audit trail as it is: every read appends a row under the head row's lock;
- `nolock`: the same row, with the same HMAC, inserted without reading, locking or advancing
  the head (its sequence number comes from a range reserved to the benchmark, and the rows
  are deleted after the run, so the bench database's chain still verifies);
- `none`: no audit row at all (the upper bound: on SQLite the `nolock` row still needs the
  database's write lock, as every write does).

The switches exist only in the benchmark's reader processes, which refuse to run in
production.

and two modes: `page` (the case page as it is served: the read's audit row in its own short
transaction) and `atomic` (the whole view in one transaction, as ATOMIC_REQUESTS does, so the
head lock is held until the page is rendered: the worst case for the lock).

Besides throughput and latency, each reader sums the time spent in the statements that wait
for the lock (SQLite: `BEGIN IMMEDIATE`, the database's write lock; PostgreSQL: the head
row's `UPDATE … RETURNING` that moves it on), and on PostgreSQL the parent samples
`pg_stat_activity` for backends waiting on a lock.
"""

import itertools
import multiprocessing
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock

from django.db import connection, connections

from asap.bench import shape
from asap.bench.run import new_client, percentile, seeded_cases, sign_in
from asap.core import audit
from asap.core.models import AuditEvent

READERS = (1, 4, 16)
SECONDS = 15.0
CASES_PER_READER = 8
ROUNDS = 2
VARIANTS = ("chain", "nolock", "none")
MODES = ("page", "atomic")
# Sequence numbers of the `nolock` variant's rows: far above any real chain's.
UNCHAINED_FIRST = 10**15
UNCHAINED_PER_READER = 10**9


@dataclass(frozen=True)
class Reader:
    email: str
    urls: tuple[str, ...]


def readers(count: int, cases: int) -> list[Reader]:
    """`count` different perpetrator-programme workers, each with cases of its own: no two
    readers open the same case."""
    from django.urls import reverse

    from asap.cases.models import JointCase

    regions = shape.regions_for(cases)
    by_worker: dict[int, list[str]] = {}
    for index in range(cases):
        plan = shape.CasePlan(index=index, regions=regions)
        by_worker.setdefault(plan.pp_worker, []).append(shape.case_code(index))
    if len(by_worker) < count:
        raise ValueError(f"Only {len(by_worker)} workers in the seed; {count} readers asked.")
    chosen = sorted(by_worker.items())[:count]
    codes = [code for _, worker_codes in chosen for code in worker_codes[:CASES_PER_READER]]
    pks = dict(JointCase.objects.filter(code__in=codes).values_list("code", "pk"))
    return [
        Reader(
            shape.email_of(worker),
            tuple(
                reverse("cases:detail", args=[pks[code]])
                for code in worker_codes[:CASES_PER_READER]
            ),
        )
        for worker, worker_codes in chosen
    ]


class _UnchainedHead:
    """Stands in for the head in `audit.record` (`_advance_head`, `_set_head_hash`): hands out
    sequence numbers from a range of its own, locks nothing and stores nothing, so the row is
    written without the chain."""

    def __init__(self, first: int) -> None:
        self.numbers = itertools.count(first)

    def advance(self, cursor: Any) -> tuple[int, str]:
        return next(self.numbers), audit.GENESIS_HASH

    def set_hash(self, cursor: Any, row_hash: str) -> None:
        return None


@contextmanager
def variant(name: str, reader_number: int) -> Iterator[None]:
    """The audit trail as it is (`chain`), its rows without the head (`nolock`), or none."""
    if name == "chain":
        yield
        return
    if name == "none":
        with mock.patch.object(audit, "record", return_value=None):
            yield
        return
    first = UNCHAINED_FIRST + reader_number * UNCHAINED_PER_READER + 1
    head = _UnchainedHead(first)
    with (
        mock.patch.object(audit, "_advance_head", head.advance),
        mock.patch.object(audit, "_set_head_hash", head.set_hash),
    ):
        yield


def remove_unchained_rows() -> int:
    """Delete the `nolock` variant's rows (a bulk delete: the model refuses row deletes)."""
    return AuditEvent.objects.filter(seq__gte=UNCHAINED_FIRST).delete()[0]


class LockTimer:
    """Sums the time spent in the statements that wait for the lock the audit append needs."""

    def __init__(self, vendor: str) -> None:
        self.vendor = vendor
        self.seconds = 0.0
        self.statements = 0

    def waits(self, sql: str) -> bool:
        if self.vendor == "sqlite":
            return sql.startswith("BEGIN")
        return sql.startswith('UPDATE "core_audithead" SET "seq"')

    def __call__(self, execute: Callable, sql: str, params: Any, many: bool, context: Any) -> Any:
        if not self.waits(sql):
            return execute(sql, params, many, context)
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.statements += 1


def _read(
    number: int,
    reader: Reader,
    cookies: dict[str, str],
    config: dict[str, Any],
    barrier: Any,
    results: Any,
) -> None:
    """One reader process: warm up, wait for the others, read pages until the time is up."""
    if config["mode"] == "atomic":
        connection.settings_dict["ATOMIC_REQUESTS"] = True
    client = new_client()
    for name, value in cookies.items():
        client.cookies[name] = value
    timings: list[float] = []
    errors: Counter[str] = Counter()
    timer = LockTimer(connection.vendor)
    urls = itertools.cycle(reader.urls)
    with variant(config["variant"], number), connection.execute_wrapper(timer):
        for url in reader.urls:  # every page once: the process's caches warm
            try:
                status = client.get(url).status_code
            except Exception as error:  # a lock timed out: counted, as in the timed reads
                # (a reader that exits here would leave the others waiting at the barrier)
                errors[f"warm-up: {str(error)[:60]}"] += 1
                continue
            if status != 200:
                errors[f"warm-up: HTTP {status}"] += 1
        timer.seconds, timer.statements = 0.0, 0
        barrier.wait()
        started = time.perf_counter()
        deadline = started + config["seconds"]
        while time.perf_counter() < deadline:
            begun = time.perf_counter()
            try:
                status = client.get(next(urls)).status_code
            except Exception as error:  # every failure is counted, by its kind
                errors[str(error)[:60] or type(error).__name__] += 1
                continue
            if status != 200:
                errors[f"HTTP {status}"] += 1
                continue
            timings.append((time.perf_counter() - begun) * 1000)
        elapsed = time.perf_counter() - started
    results.put(
        {
            "timings": timings,
            "errors": dict(errors),
            "elapsed": elapsed,
            "lock_wait_s": timer.seconds,
        }
    )


class WaitSampler(threading.Thread):
    """PostgreSQL only: every 50 ms, how many of the database's backends wait on a lock."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stopping = threading.Event()
        self.samples = 0
        self.waiting = 0
        self.events: Counter[str] = Counter()

    def run(self) -> None:
        sql = (
            "SELECT wait_event FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
        )
        try:
            with connection.cursor() as cursor:
                while not self.stopping.wait(0.05):
                    cursor.execute(sql)
                    rows = cursor.fetchall()
                    self.samples += 1
                    self.waiting += len(rows)
                    self.events.update(row[0] for row in rows)
        finally:
            connection.close()


def measure(
    chosen: list[Reader], sessions: list[dict[str, str]], config: dict[str, Any]
) -> dict[str, Any]:
    """Run one configuration once: len(chosen) reader processes at the same time."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(chosen) + 1)
    results = context.Queue()
    connections.close_all()  # each process opens its own connection
    processes = [
        context.Process(target=_read, args=(n, reader, sessions[n], config, barrier, results))
        for n, reader in enumerate(chosen)
    ]
    for process in processes:
        process.start()
    barrier.wait(timeout=300)
    sampler = WaitSampler() if connection.vendor == "postgresql" else None
    if sampler:
        sampler.start()
    outcomes = [results.get(timeout=config["seconds"] + 300) for _ in processes]
    if sampler:
        sampler.stopping.set()
        sampler.join()
    for process in processes:
        process.join()
        if process.exitcode:
            raise RuntimeError(f"A reader process failed (exit code {process.exitcode}).")
    if config["variant"] == "nolock":
        remove_unchained_rows()
    errors: Counter[str] = Counter()
    for outcome in outcomes:
        errors.update(outcome["errors"])
    return {
        "timings": [t for outcome in outcomes for t in outcome["timings"]],
        "errors": errors,
        "elapsed": max(outcome["elapsed"] for outcome in outcomes),
        "lock_wait_s": sum(outcome["lock_wait_s"] for outcome in outcomes),
        "sampler": sampler,
    }


def figures(config: dict[str, Any], readers: int, rounds: list[dict[str, Any]]) -> dict:
    """One configuration's rounds together: reads over their summed time, pooled latencies."""
    timings = [t for one in rounds for t in one["timings"]]
    errors: Counter[str] = Counter()
    for one in rounds:
        errors.update(one["errors"])
    result = {
        "mode": config["mode"],
        "variant": config["variant"],
        "readers": readers,
        "seconds": config["seconds"],
        "rounds": len(rounds),
        "reads": len(timings),
        "reads_per_s": round(len(timings) / sum(one["elapsed"] for one in rounds), 1),
        "reads_per_s_by_round": [round(len(one["timings"]) / one["elapsed"], 1) for one in rounds],
        "p50_ms": round(percentile(timings, 0.5), 1) if timings else None,
        "p95_ms": round(percentile(timings, 0.95), 1) if timings else None,
        "errors": sum(n for kind, n in errors.items() if not kind.startswith("warm-up")),
        "error_kinds": dict(errors),
        "lock_wait_ms_per_read": round(
            1000 * sum(one["lock_wait_s"] for one in rounds) / max(1, len(timings)), 2
        ),
    }
    samplers = [one["sampler"] for one in rounds if one["sampler"]]
    if samplers:
        events: Counter[str] = Counter()
        for sampler in samplers:
            events.update(sampler.events)
        result["lock_waiting_backends_mean"] = round(
            sum(s.waiting for s in samplers) / max(1, sum(s.samples for s in samplers)), 2
        )
        result["lock_wait_events"] = dict(events)
    return result


def run(
    *,
    counts: tuple[int, ...] = READERS,
    seconds: float = SECONDS,
    variants: tuple[str, ...] = VARIANTS,
    modes: tuple[str, ...] = MODES,
    rounds: int = ROUNDS,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Every configuration: its variants one after the other, in rounds that alternate
    their order."""
    say = progress or (lambda _line: None)
    cases = seeded_cases()
    chosen = readers(max(counts), cases)
    say(f"signing in {len(chosen)} readers")
    sessions = [
        {name: morsel.value for name, morsel in sign_in(reader.email).cookies.items()}
        for reader in chosen
    ]
    runs = []
    for count, mode in itertools.product(counts, modes):
        done: dict[str, list[dict[str, Any]]] = {name: [] for name in variants}
        for number in range(rounds):
            for name in variants if number % 2 == 0 else reversed(variants):
                say(f"{count:>2} readers, {mode}, {name}, round {number + 1}/{rounds}")
                config = {"mode": mode, "variant": name, "seconds": seconds}
                done[name].append(measure(chosen[:count], sessions[:count], config))
        for name in variants:
            config = {"mode": mode, "variant": name, "seconds": seconds}
            runs.append(figures(config, count, done[name]))
            say(table({"database": connection.vendor, "runs": runs[-1:]}).splitlines()[2])
    return {"cases": cases, "database": connection.vendor, "runs": runs}


def table(results: dict[str, Any]) -> str:
    """The runs as a Markdown table, each `nolock` row with the `chain` row's share of it."""
    head = (
        "| database | mode | readers | variant | reads/s | p50 ms | p95 ms | errors "
        "| lock wait ms/read | waiting backends |\n"
        "| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    lines = [head]
    for r in results["runs"]:
        waiting = r.get("lock_waiting_backends_mean", "-")
        lines.append(
            f"| {results['database']} | {r['mode']} | {r['readers']} | {r['variant']} "
            f"| {r['reads_per_s']} | {r['p50_ms']} | {r['p95_ms']} | {r['errors']} "
            f"| {r['lock_wait_ms_per_read']} | {waiting} |"
        )
    by_key = {(r["mode"], r["readers"], r["variant"]): r for r in results["runs"]}
    lines.append("")
    for (mode, count, name), r in by_key.items():
        chain = by_key.get((mode, count, "chain"))
        if name != "chain" and chain and r["reads_per_s"]:
            share = chain["reads_per_s"] / r["reads_per_s"]
            lines.append(f"{mode}, {count} readers: chain = {share:.2f} x {name} in reads/s  ")
    return "\n".join(lines)
