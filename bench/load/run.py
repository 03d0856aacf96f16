"""Load on real servers (issue 19, point 5): gunicorn against PostgreSQL or SQLite, locust over
loopback, one address in front of several servers.

    .venv/bin/python bench/load/run.py --servers 2 --users 50 --time 120s    # PostgreSQL
    .venv/bin/python bench/load/run.py --database-url sqlite:////tmp/load_h.sqlite3 \\
        --servers 1 --users 25 --time 60s                                    # SQLite
    .venv/bin/python bench/load/run.py --users 5 --time 15s                  # a short run

1. (Re)creates its own database (`--database-url`, default load_h on the local PostgreSQL; an
   sqlite:/// URL is a file, removed first) and fills it with `asap bench seed --cases N`
   (`--bench-cases`; by default 1,000 per 30 users, the programme workers the users take:
   bench/load/people.py lists them with their open cases). One more worker with two cases of
   their own is seeded for step 4 (tests/resilience/seed.py).
2. Starts `--servers` gunicorn servers of `--workers` sync workers each, their standard error
   to `--out`/server-N.log; with two or more, a round-robin proxy in front
   (bench/load/proxy.py), one address for all of them. The servers trust one proxy's
   X-Forwarded-For (ASAP_TRUSTED_PROXY_COUNT=1): each simulated user sends an address of its
   own, as the production proxy passes on each person's.
3. Runs locust headless (bench/load/locustfile.py) against that address: `-u USERS -r RATE
   -t TIME`; p50 and p95 per page kind, and errors.
4. Walks one more worker's session through two servers alternately (tests/resilience/
   servers.py `alternate`; a second server is started when `--servers 1`): every page 200,
   every save 302, on either server.
5. Reads the servers' logs: errors (ERROR lines, tracebacks, worker timeouts) and
   "database is locked".
Prints the figures and writes them to `--out`/result.json; exits non-zero on any error.
"""

import argparse
import csv
import json
import math
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.resilience import servers  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/load_h"
USERS_PER_THOUSAND = 30  # programme case workers per 1,000 seeded cases (bench/load/people.py)
PROXIED = {"ASAP_TRUSTED_PROXY_COUNT": "1"}
# What the servers' logs must not hold: (name in the JSON, text, case-sensitive).
LOG_MARKS = [
    ("error_lines", " ERROR ", True),
    ("gunicorn_errors", "[ERROR]", True),
    ("tracebacks", "Traceback (most recent call last)", True),
    ("worker_timeouts", "WORKER TIMEOUT", True),
    ("database_is_locked", "database is locked", False),
]


def fresh(url: str) -> None:
    """Drop and create the database `url` names (PostgreSQL), or remove the SQLite file and
    its journal files."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for leftover in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
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
            "p50_ms": float(row["Median Response Time"]),
            "p95_ms": float(row["95%"]),
            "rps": round(float(row["Requests/s"]), 1),
        }
        for row in rows
    }


def scan(logs: list[Path]) -> dict:
    """Counts of each mark in the servers' logs, and the first lines that hold one."""
    counts = {name: 0 for name, _text, _case in LOG_MARKS}
    samples: list[str] = []
    for log in logs:
        for line in log.read_text(errors="replace").splitlines() if log.exists() else []:
            hits = [n for n, t, case in LOG_MARKS if (t in line if case else t in line.lower())]
            for name in hits:
                counts[name] += 1
            if hits and len(samples) < 10:
                samples.append(f"{log.name}: {line[:300]}")
    return {**counts, "files": [str(log) for log in logs], "samples": samples}


def locust(options: argparse.Namespace, url: str, host: str) -> tuple[int, dict]:
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
        host,
        "--csv",
        str(prefix),
        "--only-summary",
    ]
    environment = servers.environment(url, ASAP_LOAD_PEOPLE=str(options.out / "people.json"))
    done = subprocess.run(command, env=environment, cwd=ROOT, check=False)  # noqa: S603
    return done.returncode, totals(prefix)


def options_from(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--users", type=int, default=25)
    parser.add_argument("--spawn-rate", type=int, default=5)
    parser.add_argument("--time", default="60s")
    parser.add_argument("--bench-cases", type=int, help="default: 1,000 per 30 users")
    parser.add_argument("--rounds", type=int, default=10, help="two-server alternation")
    parser.add_argument("--out", type=Path, default=ROOT / "var/load")
    options = parser.parse_args(argv)
    needed = 1000 * math.ceil(options.users / USERS_PER_THOUSAND)
    if options.bench_cases is None:
        options.bench_cases = needed
    if options.bench_cases < needed or options.servers < 1:
        parser.error(f"{options.users} users need --bench-cases {needed} or more, --servers 1+.")
    return options


def main() -> int:
    options = options_from()
    options.out.mkdir(parents=True, exist_ok=True)
    url = options.database_url
    started = time.monotonic()
    fresh(url)
    servers.manage(url, "bench", "seed", "--cases", str(options.bench_cases))
    people = servers.run_module(url, "bench.load.people", str(options.users))
    (options.out / "people.json").write_text(json.dumps(people))
    walker = servers.prepare(url, users=1, cases_each=2)[0]
    print(f"Database ready in {time.monotonic() - started:.0f} s: {url}", flush=True)

    logs = [options.out / f"server-{n + 1}.log" for n in range(max(2, options.servers))]
    for log in logs:
        log.unlink(missing_ok=True)
    running = [
        servers.Server(url, workers=options.workers, log=logs[n], env=PROXIED).launch()
        for n in range(options.servers)
    ]
    proxy, stats = None, options.out / "proxy.json"
    stats.unlink(missing_ok=True)
    try:
        for server in running:
            server.wait()
        host = f"http://127.0.0.1:{running[0].port}"
        if options.servers > 1:
            front = servers.free_port()
            proxy = subprocess.Popen(  # noqa: S603
                [sys.executable, str(ROOT / "bench/load/proxy.py"), "--port", str(front)]
                + [a for s in running for a in ("--backend", str(s.port))]
                + ["--stats", str(stats)]
            )
            host = f"http://127.0.0.1:{front}"
            servers.Server(url, port=front, process=proxy).wait()
        print(f"{options.servers} server(s) of {options.workers} workers at {host}", flush=True)
        exit_code, figures = locust(options, url, host)
        if len(running) == 1:
            running.append(servers.Server(url, workers=options.workers, log=logs[1]).start())
        log = servers.alternate(walker, [running[0].port, running[1].port], options.rounds)
    finally:
        if proxy and proxy.poll() is None:
            proxy.terminate()
            proxy.wait(timeout=30)
        for server in running:
            server.stop()
    wrong = [entry for entry in log if entry[3] != (302 if entry[0] == "POST" else 200)]
    server_logs = scan(logs)
    result = {
        "database": url.split("://")[0],
        "bench_cases": options.bench_cases,
        "servers": options.servers,
        "workers_per_server": options.workers,
        "users": options.users,
        "time": options.time,
        "aggregated": figures.pop("Aggregated"),
        "requests": figures,
        "spread": json.loads(stats.read_text()) if stats.exists() else None,
        "server_logs": server_logs,
        "two_servers": {
            "requests": len(log),
            "ports": sorted({entry[1] for entry in log}),
            "wrong": wrong,
            "saves_seen": sum(1 for entry in log if entry[2].endswith("(saved)")),
        },
        "locust_exit": exit_code,
    }
    (options.out / "result.json").write_text(json.dumps(result, indent=2) + "\n")
    print(summary(result))
    print(f"Written to {options.out / 'result.json'}")
    failed = result["aggregated"]["failures"] or wrong or exit_code
    dirty = any(server_logs[name] for name, _text, _case in LOG_MARKS)
    return 1 if failed or dirty else 0


def summary(result: dict) -> str:
    total = result["aggregated"]
    lines = [
        f"\nLoad on {result['database']}: {result['users']} users, {result['time']}, "
        f"{result['servers']} server(s) x gunicorn -w {result['workers_per_server']}: "
        f"{total['requests']} requests, {total['rps']} req/s, p50 {total['p50_ms']:.0f} ms, "
        f"p95 {total['p95_ms']:.0f} ms, failures {total['failures']}",
        f"{'request':36} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7}",
    ]
    for name, row in sorted(result["requests"].items()):
        lines.append(
            f"{row['method'] + ' ' + name:36} {row['requests']:8d} {row['failures']:6d} "
            f"{row['p50_ms']:7.0f} {row['p95_ms']:7.0f}"
        )
    logs = result["server_logs"]
    marks = ", ".join(f"{name} {logs[name]}" for name, _text, _case in LOG_MARKS)
    lines.append(f"Servers' logs: {marks}")
    if result["spread"]:
        lines.append(f"Proxy: connections per server {result['spread']['connections']}")
    two = result["two_servers"]
    lines.append(f"Two servers: {two['requests']} requests alternating, {len(two['wrong'])} wrong")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
