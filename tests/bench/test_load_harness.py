"""The load run's own parts (bench/load): the proxy that puts one address in front of several
servers spreads the connections in turn and passes every byte both ways; the scan of the
servers' logs finds errors and "database is locked". No server, no locust, no timing."""

import asyncio
import importlib.util
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"load_{name}", ROOT / "bench/load" / name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_proxy_sends_each_connection_to_the_next_server_and_back(tmp_path):
    proxy = load("proxy.py")
    stats = tmp_path / "proxy.json"

    async def scenario() -> list[bytes]:
        async def backend(name: bytes):
            async def answer(reader, writer):
                request = await reader.readline()
                writer.write(name + b" got " + request)
                await writer.drain()
                writer.close()  # like gunicorn's sync workers: one response per connection

            return await asyncio.start_server(answer, proxy.HOST, 0)

        first, second = await backend(b"A"), await backend(b"B")
        ports = [s.sockets[0].getsockname()[1] for s in (first, second)]
        with_port = await asyncio.start_server(lambda r, w: None, proxy.HOST, 0)
        front = with_port.sockets[0].getsockname()[1]
        with_port.close()
        await with_port.wait_closed()
        stop, ready = asyncio.Event(), asyncio.Event()
        serving = asyncio.create_task(proxy.serve(front, ports, stats, stop, ready))
        await ready.wait()
        answers = []
        for number in range(4):
            reader, writer = await asyncio.open_connection(proxy.HOST, front)
            writer.write(f"request {number}\n".encode())
            await writer.drain()
            answers.append(await reader.read())
            writer.close()
        stop.set()
        await serving
        for server in (first, second):
            server.close()
        return answers

    # A thread of its own: a browser test run earlier by the same worker (Playwright's sync
    # API) leaves an event loop running in this one, where asyncio.run refuses to start.
    with ThreadPoolExecutor(max_workers=1) as thread:
        answers = thread.submit(asyncio.run, scenario()).result(timeout=60)

    assert answers == [
        b"A got request 0\n",
        b"B got request 1\n",
        b"A got request 2\n",
        b"B got request 3\n",
    ]
    figures = json.loads(stats.read_text())
    assert sorted(figures["connections"].values()) == [2, 2]
    assert figures["refused"] == 0


def test_the_scan_of_the_servers_logs_counts_errors_and_locks(tmp_path):
    run = load("run.py")
    clean, dirty = tmp_path / "server-1.log", tmp_path / "server-2.log"
    clean.write_text("2026-12-06 07:08:52,536 WARNING weasyprint [abc] Using fontTools\n")
    dirty.write_text(
        "2026-12-06 07:09:00,000 ERROR django.request [def] Internal Server Error: /cases/\n"
        "Traceback (most recent call last):\n"
        "django.db.utils.OperationalError: database is locked\n"
        "[2026-12-06 07:10:00 +0000] [12] [CRITICAL] WORKER TIMEOUT (pid:13)\n"
    )

    assert {k: v for k, v in run.scan([clean]).items() if k not in {"files", "samples"}} == {
        "error_lines": 0,
        "gunicorn_errors": 0,
        "tracebacks": 0,
        "worker_timeouts": 0,
        "database_is_locked": 0,
    }
    found = run.scan([clean, dirty, tmp_path / "never-written.log"])
    assert found["error_lines"] == 1
    assert found["tracebacks"] == 1
    assert found["database_is_locked"] == 1
    assert found["worker_timeouts"] == 1
    assert len(found["samples"]) == 4


@pytest.mark.parametrize(("users", "cases"), [(5, 1000), (30, 1000), (31, 2000), (50, 2000)])
def test_the_load_run_seeds_a_programme_worker_for_each_user(users, cases):
    run = load("run.py")
    assert run.options_from(["--users", str(users)]).bench_cases == cases
    with pytest.raises(SystemExit):
        run.options_from(["--users", str(users), "--bench-cases", str(cases - 1000)])
