"""`asap bench report SMALL.json LARGE.json`: the two runs of one database side by side, as
the Markdown table of docs/performance.md, with the ratios the targets are about."""

from typing import Any

TARGET_CASE_PAGE_MS = 50
TARGET_DASHBOARD_MS = 250
TARGET_FLOOR_RATIO = 10
TARGET_GROWTH = 1.5
DASHBOARDS = ("dashboard", "evaluation", "network")


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def checks(name: str, small: dict[str, Any], large: dict[str, Any], floor: float) -> list[str]:
    """Which targets the page misses at the larger size (empty: none)."""
    missed = []
    p95 = large["p95_ms"]
    if name.startswith(DASHBOARDS):
        if p95 > TARGET_DASHBOARD_MS:
            missed.append(f"> {TARGET_DASHBOARD_MS} ms")
    elif name.startswith(("case_", "risk_", "action_", "minutes_")):
        if p95 > TARGET_CASE_PAGE_MS:
            missed.append(f"> {TARGET_CASE_PAGE_MS} ms")
        if _ratio(p95, floor) > TARGET_FLOOR_RATIO:
            missed.append(f"> {TARGET_FLOOR_RATIO}x floor")
    if _ratio(p95, small["p95_ms"]) > TARGET_GROWTH:
        missed.append(f"grew > {TARGET_GROWTH}x")
    if small["queries"] != large["queries"]:
        missed.append("queries differ")
    return missed


def markdown(small: dict[str, Any], large: dict[str, Any]) -> str:
    s, n = f"{small['cases']:,}", f"{large['cases']:,}"
    floor = large["floor"]["p95_ms"]
    lines = [
        f"**{large['database']}**, {s} and {n} cases. Floor p50/p95: "
        f"{small['floor']['p50_ms']:.1f}/{small['floor']['p95_ms']:.1f} ms at {s}, "
        f"{large['floor']['p50_ms']:.1f}/{floor:.1f} ms at {n}. Peak memory: "
        f"{small['peak_rss_mb']:.0f} MB at {s}, {large['peak_rss_mb']:.0f} MB at {n}.",
        "",
        f"| page | p50 {s} | p95 {s} | p50 {n} | p95 {n} | p95 {n}/{s} | queries "
        f"{s} / {n} | p95/floor at {n} | targets missed at {n} |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, page in large["pages"].items():
        before = small["pages"].get(name)
        if before is None:
            continue
        missed = checks(name, before, page, floor)
        lines.append(
            f"| {name} | {before['p50_ms']:.1f} | {before['p95_ms']:.1f} | "
            f"{page['p50_ms']:.1f} | {page['p95_ms']:.1f} | "
            f"{_ratio(page['p95_ms'], before['p95_ms']):.2f} | "
            f"{before['queries']} / {page['queries']} | {_ratio(page['p95_ms'], floor):.1f} | "
            f"{', '.join(missed) or '—'} |"
        )
    return "\n".join(lines)
