"""Load on real servers (issue 8, item 4): gunicorn against PostgreSQL, locust over loopback.

    .venv/bin/python bench/load/run.py                       # 25 users, 60 s, database load_h
    .venv/bin/python bench/load/run.py --users 5 --time 10s  # a short run

1. (Re)creates its own database (`--database-url`, default load_h on the local PostgreSQL),
   migrates it, makes the cache table and seeds one worker per simulated user, each with
   two joined cases and their actions (tests/resilience/seed.py); with `--bench-cases N`,
   `asap bench seed --cases N` first fills it with background cases at scale.
2. Starts gunicorn (`--workers`, 2) and runs locust headless (bench/load/locustfile.py):
   `-u USERS -r RATE -t TIME`; the per-request table and the totals go to `--out`.
3. Starts a second gunicorn on another port and walks one more worker's session through
   both servers alternately (tests/resilience/servers.py `alternate`): every page 200,
   every save 302, on either server.
Prints the figures and writes them as JSON; exits non-zero on any error.
"""

import argparse
import csv
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.resilience import servers  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/load_h"


def fresh(url: str) -> None:
    """Drop and create the database `url` names (PostgreSQL), or remove the SQLite file."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    name = url.rsplit("/", 1)[1]
    servers._admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    servers._admin(url, f'CREATE DATABASE "{name}"')


def totals(prefix: Path) -> dict:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as table:
        rows = list(csv.DictReader(table))
    return {
        row["Name"]: {
            "method": row["Type"],
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "median_ms": float(row["Median Response Time"]),
            "p95_ms": float(row["95%"]),
            "rps": round(float(row["Requests/s"]), 1),
        }
        for row in rows
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--users", type=int, default=25)
    parser.add_argument("--spawn-rate", type=int, default=5)
    parser.add_argument("--time", default="60s")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--bench-cases", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=10, help="two-server alternation")
    parser.add_argument("--out", type=Path, default=ROOT / "var/load")
    options = parser.parse_args()
    options.out.mkdir(parents=True, exist_ok=True)
    url = options.database_url

    started = time.monotonic()
    fresh(url)
    if options.bench_cases:  # `bench seed` migrates the new database itself
        servers.manage(url, "bench", "seed", "--cases", str(options.bench_cases))
    people = servers.prepare(url, users=options.users + 1, cases_each=2)
    (options.out / "people.json").write_text(json.dumps({"users": people[:-1]}))
    print(f"Database ready in {time.monotonic() - started:.0f} s: {url}", flush=True)

    first = servers.Server(url, workers=options.workers).start()
    second = None
    try:
        prefix = options.out / "locust"
        command = [
            str(servers.BIN / "locust"),
            "-f",
            str(ROOT / "bench/load/locustfile.py"),
            "--headless",
            "-u",
            str(options.users),
            "-r",
            str(options.spawn_rate),
            "-t",
            options.time,
            "--host",
            f"http://127.0.0.1:{first.port}",
            "--csv",
            str(prefix),
            "--only-summary",
        ]
        environment = servers.environment(url, ASAP_LOAD_PEOPLE=str(options.out / "people.json"))
        locust = subprocess.run(command, env=environment, cwd=ROOT, check=False)  # noqa: S603
        figures = totals(prefix)
        second = servers.Server(url, workers=options.workers).start()
        log = servers.alternate(people[-1], [first.port, second.port], options.rounds)
    finally:
        for server in (first, second):
            if server:
                server.stop()
    wrong = [entry for entry in log if entry[3] != (302 if entry[0] == "POST" else 200)]
    result = {
        "users": options.users,
        "time": options.time,
        "workers": options.workers,
        "database": url.split("://")[0],
        "aggregated": figures.pop("Aggregated"),
        "requests": figures,
        "two_servers": {
            "requests": len(log),
            "ports": sorted({entry[1] for entry in log}),
            "wrong": wrong,
            "saves_seen": sum(1 for entry in log if entry[2].endswith("(saved)")),
        },
        "locust_exit": locust.returncode,
    }
    (options.out / "result.json").write_text(json.dumps(result, indent=2))
    total = result["aggregated"]
    print(
        f"\nLoad: {options.users} users, {options.time}, gunicorn -w {options.workers}: "
        f"{total['requests']} requests, {total['rps']} req/s, median {total['median_ms']:.0f} ms, "
        f"p95 {total['p95_ms']:.0f} ms, failures {total['failures']}"
    )
    print(f"Two servers: {len(log)} requests alternating, {len(wrong)} not as expected")
    print(f"Written to {options.out / 'result.json'}")
    return 0 if total["failures"] == 0 and not wrong and locust.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
