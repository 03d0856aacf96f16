"""`asap bench report SMALL.json LARGE.json [--postgres PG.json]`: the two runs of one database
side by side, as the Markdown table of docs/performance.md, with the ratios the targets are
about (issue 19's acceptance, at the larger size):

- a case page (HTML) at most 5x the floor's p95; a POST of a case form at most 6x; a
  dashboard at most 8x, and at most 1.2x its p95 at the smaller size; a repeat download of a
  PDF or a stored file at most 5x;
- every page the same number of queries at both sizes; peak memory at most 300 MB;
- on SQLite, with `--postgres` (PostgreSQL's run at the larger size): each of those ratios
  within 1.5x of PostgreSQL's.

A page's kind is read from its name (`kind_of`); pages of no kind (the sign-in, the case
lists, the name search, the subject-access export) have only the queries' target.
"""

from typing import Any

CASE_PAGE, POST, DASHBOARD, FILE = "case page", "POST", "dashboard", "file"
# The largest p95 / floor p95 of each kind.
FLOOR_RATIO = {CASE_PAGE: 5.0, POST: 6.0, DASHBOARD: 8.0, FILE: 5.0}
DASHBOARD_GROWTH = 1.2
PEAK_MB = 300
SQLITE_WITHIN = 1.5  # SQLite's ratio to its floor at most this times PostgreSQL's

KINDS = {
    CASE_PAGE: ("case_page", "risk_form_get", "programme_page"),
    POST: ("risk_form_post", "action_update"),
    DASHBOARD: ("dashboard", "evaluation", "network", "work_inbox"),
    FILE: ("attachment_download",),
}


def kind_of(name: str) -> str:
    """The page's kind by its name ("" for a page no floor target applies to)."""
    if name.endswith("_pdf"):
        return FILE
    for kind, prefixes in KINDS.items():
        if name.startswith(prefixes):
            return kind
    return ""


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def checks(
    name: str,
    small: dict[str, Any],
    large: dict[str, Any],
    floor: float,
    postgres_ratio: float | None = None,
) -> list[str]:
    """Which targets the page misses at the larger size (empty: none). `postgres_ratio`:
    PostgreSQL's p95 / floor for the page at the same size, for a SQLite run."""
    missed = []
    kind = kind_of(name)
    ratio = _ratio(large["p95_ms"], floor)
    if kind and ratio > FLOOR_RATIO[kind]:
        missed.append(f"> {FLOOR_RATIO[kind]:g}x floor")
    if kind == DASHBOARD and _ratio(large["p95_ms"], small["p95_ms"]) > DASHBOARD_GROWTH:
        missed.append(f"grew > {DASHBOARD_GROWTH:g}x")
    if kind and postgres_ratio and ratio > SQLITE_WITHIN * postgres_ratio:
        missed.append(f"> {SQLITE_WITHIN:g}x PostgreSQL's ratio")
    if small["queries"] != large["queries"]:
        missed.append("queries differ")
    return missed


def _postgres_ratios(postgres: dict[str, Any] | None) -> dict[str, float]:
    if not postgres:
        return {}
    floor = postgres["floor"]["p95_ms"]
    return {name: _ratio(page["p95_ms"], floor) for name, page in postgres["pages"].items()}


def markdown(
    small: dict[str, Any], large: dict[str, Any], postgres: dict[str, Any] | None = None
) -> str:
    s, n = f"{small['cases']:,}", f"{large['cases']:,}"
    floor = large["floor"]["p95_ms"]
    peak = max(small["peak_rss_mb"], large["peak_rss_mb"])
    memory = f" (target ≤ {PEAK_MB} MB: missed)" if peak > PEAK_MB else ""
    against = _postgres_ratios(postgres)
    lines = [
        f"**{large['database']}**, {s} and {n} cases. Floor p50/p95: "
        f"{small['floor']['p50_ms']:.1f}/{small['floor']['p95_ms']:.1f} ms at {s}, "
        f"{large['floor']['p50_ms']:.1f}/{floor:.1f} ms at {n}. Peak memory: "
        f"{small['peak_rss_mb']:.0f} MB at {s}, {large['peak_rss_mb']:.0f} MB at {n}{memory}.",
        "",
        f"| page | kind | p50 {s} | p95 {s} | p50 {n} | p95 {n} | p95 {n}/{s} | queries "
        f"{s} / {n} | p95/floor at {n} | targets missed at {n} |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    if against:
        lines[0] += f" Compared with PostgreSQL's run at {postgres['cases']:,} cases."
    for name, page in large["pages"].items():
        before = small["pages"].get(name)
        if before is None:
            continue
        missed = checks(name, before, page, floor, against.get(name))
        lines.append(
            f"| {name} | {kind_of(name) or '—'} | {before['p50_ms']:.1f} | "
            f"{before['p95_ms']:.1f} | {page['p50_ms']:.1f} | {page['p95_ms']:.1f} | "
            f"{_ratio(page['p95_ms'], before['p95_ms']):.2f} | "
            f"{before['queries']} / {page['queries']} | {_ratio(page['p95_ms'], floor):.1f} | "
            f"{', '.join(missed) or '—'} |"
        )
    return "\n".join(lines)
