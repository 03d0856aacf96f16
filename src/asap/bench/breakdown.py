"""`asap bench breakdown PAGE…`: where one page's time goes, beside the floor.

For each named page of `asap bench run` (not the API's), the median of `samples` requests
after `warmup`: the whole request, the time the database driver spent executing its SQL
(round trip included, timed by a `connection.execute_wrapper`), the time Django spent
compiling that SQL (`SQLCompiler.as_sql`, outermost calls only, so a subquery's compilation
is not counted twice) and the number of queries. What is left is Python: building querysets,
making and decrypting rows, rendering templates. Medians, not p95: this explains a page's
cost, `asap bench run` measures it. POSTs are rolled back as in the run.
"""

import statistics
import time
from collections.abc import Callable
from typing import Any
from unittest import mock

from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.urls import reverse

from asap.bench import run

SAMPLES = 20
WARMUP = 5


class _Clock:
    """The SQL executed and compiled during one request, in milliseconds."""

    def __init__(self) -> None:
        self.executing = 0.0
        self.compiling = 0.0
        self.queries = 0
        self._depth = 0

    def execute(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.executing += (time.perf_counter() - started) * 1000
            self.queries += 1

    def compiler(self, as_sql: Callable[..., Any]) -> Callable[..., Any]:
        clock = self

        def timed(compiler: SQLCompiler, *args: Any, **kwargs: Any) -> Any:
            clock._depth += 1
            started = time.perf_counter()
            try:
                return as_sql(compiler, *args, **kwargs)
            finally:
                clock._depth -= 1
                if clock._depth == 0:
                    clock.compiling += (time.perf_counter() - started) * 1000

        return timed


def _measured(page: run.Page, client: Any) -> tuple[float, _Clock]:
    clock = _Clock()
    compiling = clock.compiler(SQLCompiler.as_sql)
    with (
        mock.patch.object(SQLCompiler, "as_sql", compiling),
        connection.execute_wrapper(clock.execute),
    ):
        return run._checked(page, client), clock


def breakdown(names: list[str], *, samples: int = SAMPLES, warmup: int = WARMUP) -> list[dict]:
    """One row per page (the floor first): the medians described above."""
    cases = run.seeded_cases()
    clients = run.signed_in_clients(cases)
    known = {page.name: page for page in run.pages(cases, clients) if page.who in clients}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(f"No such page: {', '.join(unknown)}. Pages: {', '.join(known)}.")
    pages = [run.Page("floor", "worker", reverse("bench:floor"))] + [known[n] for n in names]
    rows = []
    for page in pages:
        client = clients[page.who]
        for _ in range(warmup):
            _measured(page, client)
        figures = [_measured(page, client) for _ in range(samples)]
        rows.append(
            {
                "page": page.name,
                "total_ms": statistics.median(total for total, _ in figures),
                "sql_ms": statistics.median(clock.executing for _, clock in figures),
                "compile_ms": statistics.median(clock.compiling for _, clock in figures),
                "queries": min(clock.queries for _, clock in figures),
            }
        )
    return rows


def table(rows: list[dict]) -> str:
    floor = rows[0]["total_ms"]
    lines = [
        "| page | median ms | to the floor | SQL executed ms | SQL compiled ms | the rest ms "
        "| queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        rest = row["total_ms"] - row["sql_ms"] - row["compile_ms"]
        lines.append(
            f"| {row['page']} | {row['total_ms']:.1f} | {row['total_ms'] / floor:.1f}x | "
            f"{row['sql_ms']:.1f} | {row['compile_ms']:.1f} | {rest:.1f} | {row['queries']} |"
        )
    return "\n".join(lines)
