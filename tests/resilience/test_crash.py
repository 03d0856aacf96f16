"""The server is killed with SIGKILL while it writes: every write it acknowledged is there
afterwards, and the database passes its integrity check and the audit chain verifies.

A database of the test's own (PostgreSQL when DATABASE_URL names one, else an SQLite file)
is migrated and seeded; gunicorn (2 workers) serves it. Each cycle three writers add action
items to a case as fast as they can, the whole process group is killed at a random moment,
and a new server is started on the same database; the session signed in at the start is
still valid (sessions live in the database). A write counts as acknowledged when the server
answered 302 (saved, redirect to the plan). At the end a separate process reads every
acknowledged row back, runs the integrity check (SQLite `PRAGMA integrity_check`;
PostgreSQL amcheck on every B-tree index), compares the rows with their audit records
(written in the same transaction) and verifies the audit chain.
Counts: 5 cycles in the suite, 100 with ASAP_RESILIENCE_SCALE=full.
"""

import random
import threading
import time

import pytest

from tests.resilience import servers
from tests.resilience.scale import count

pytestmark = pytest.mark.resilience

CYCLES = count(5, 100)
WRITERS = 3


def writer(browser: servers.Browser, path: str, token: str, label: str, out: dict, stop):
    number = 0
    while not stop.is_set():
        need = f"crash {label}-{number}"
        number += 1
        data = {
            "csrfmiddlewaretoken": token,
            "need": need,
            "action": "Written while the server may die",
            "term": "2026-05-01",
            "responsible": "The test",
            "compartment": "joint",
        }
        try:
            response = browser.post(path, data)
        except OSError:  # killed mid-request: not acknowledged, may or may not be stored
            return
        if response.status == 302:
            out["acked"].append(need)
        else:
            out["errors"].append(f"{response.status}: {response.body[:300]}")
            return


def test_acknowledged_writes_survive_sigkill(tmp_path, capsys):
    url = servers.create_database("crash")
    server = None
    try:
        person = servers.prepare(url)[0]
        path = f"/cases/{person['cases'][0]['case']}/plan/add/"
        server = servers.Server(url).start()
        browser = servers.Browser(server.port)
        browser.sign_in(person["email"], person["secret"])
        token = browser.get(path).csrf()
        out: dict[str, list[str]] = {"acked": [], "errors": []}
        rng = random.Random(8)  # noqa: S311 - when to kill, not a secret
        for cycle in range(CYCLES):
            if cycle:
                server = servers.Server(url).start()
            stop = threading.Event()
            threads = []
            for number in range(WRITERS):
                copy = servers.Browser(server.port)
                copy.cookies = dict(browser.cookies)
                threads.append(
                    threading.Thread(
                        target=writer,
                        args=(copy, path, token, f"{cycle}.{number}", out, stop),
                    )
                )
            for thread in threads:
                thread.start()
            time.sleep(rng.uniform(0.3, 1.2))
            server.kill()
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
        (tmp_path / "acked").write_text("\n".join(out["acked"]), encoding="utf-8")
        result = servers.run_module(url, "tests.resilience.seed", "verify", str(tmp_path / "acked"))
    finally:
        if server:
            server.kill()
        servers.drop_database(url)
    with capsys.disabled():
        print(f"\nSIGKILL cycles: {CYCLES}; {result}")
    assert out["errors"] == []
    assert result["acknowledged"] > CYCLES
    assert result["missing"] == []
    assert result["integrity"].startswith("ok")
    assert result["audit"]["ok"], result["audit"]
    assert result["actions"] == result["audited_adds"]
