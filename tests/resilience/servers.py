"""Real servers for the crash and load tests: a database of their own, gunicorn processes
on loopback ports, and a small HTTP browser that keeps cookies and sends CSRF tokens.

Used by tests/resilience (crash, two servers) and by bench/load (locust). Nothing here
imports Django: the servers, the migrations and the seeding run in their own processes
with `DATABASE_URL` pointing at the database made here.
"""

import base64
import hmac
import http.client
import json
import os
import re
import secrets
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "correct-horse-battery-staple"  # tests/factories.py
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- databases ---------------------------------------------------------------------------


def postgres_base() -> str | None:
    """The PostgreSQL server named by DATABASE_URL, if that is where the suite runs."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _admin(base: str, sql: str) -> None:
    import psycopg

    server = urlparse(base)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql)


def create_database(purpose: str) -> str:
    """A new, empty database for `purpose`: PostgreSQL if DATABASE_URL names a server, else
    an SQLite file in a temporary directory. Returns its URL."""
    base = postgres_base()
    name = f"asap_{purpose}_{os.getpid()}_{secrets.token_hex(3)}"
    if base:
        _admin(base, f'CREATE DATABASE "{name}"')
        return urlparse(base)._replace(path=f"/{name}").geturl()
    folder = tempfile.mkdtemp(prefix=f"asap-{purpose}-")
    return f"sqlite:///{folder}/{name}.sqlite3"


def drop_database(url: str) -> None:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
        path.parent.rmdir()
        return
    name = urlparse(url).path.lstrip("/")
    _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        DATABASE_URL=database_url,
        ASAP_DATA_DIR=tempfile.gettempdir(),
        ASAP_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def manage(database_url: str, *arguments: str) -> str:
    """Run `asap <arguments>` against the database; its standard output."""
    done = subprocess.run(
        [str(BIN / "asap"), *arguments],
        env=environment(database_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"asap {' '.join(arguments)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def prepare(database_url: str, users: int = 1, cases_each: int = 1) -> list[dict]:
    """Install the schema (migrate, then the cache table, as docs/deployment.md does) and
    seed `users` workers with `cases_each` cases each (tests/resilience/seed.py)."""
    seeded = run_module(
        database_url, "tests.resilience.seed", "prepare", str(users), str(cases_each)
    )
    return seeded["users"]


def run_module(database_url: str, module: str, *arguments: str) -> dict:
    """Run `python -m <module> <arguments>` with Django set up; its JSON output."""
    done = subprocess.run(
        [sys.executable, "-m", module, *arguments],
        env=environment(database_url, DJANGO_SETTINGS_MODULE="asap.settings"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{module} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- servers -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """gunicorn serving the platform on a loopback port, in a process group of its own;
    its standard error to `log` if given, `env` added to its environment."""

    database_url: str
    workers: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    log: Path | None = None
    env: dict[str, str] = field(default_factory=dict)

    def start(self, timeout: float = 120) -> "Server":
        return self.launch().wait(timeout)

    def launch(self) -> "Server":
        log = self.log.open("ab") if self.log else None
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "asap.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
            ],
            env=environment(self.database_url, **self.env),
            cwd=ROOT,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=log or subprocess.DEVNULL,
        )
        if log:
            log.close()  # the server's own copy stays open
        return self

    def wait(self, timeout: float = 120) -> "Server":
        """Until the server answers."""
        assert self.process
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                if Browser(self.port).get("/accounts/login/").status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer on port {self.port}")

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once: no shutdown code runs."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


# --- a browser ---------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    location: str
    body: str

    def csrf(self) -> str:
        match = CSRF.search(self.body)
        assert match, f"no CSRF token in a {self.status} page"
        return match.group(1)


class Browser:
    """Cookies kept across requests (and across servers: `port` may change between calls);
    redirects are returned, not followed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            reply = connection.getresponse()
            content = reply.read().decode(errors="replace")
        finally:
            connection.close()
        for header in reply.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return Response(reply.status, reply.headers.get("Location", ""), content)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> Response:
        return self.request("POST", path, data)

    def submit(self, path: str, data: dict) -> Response:
        """GET the form at `path` for its CSRF token, then POST `data` to it."""
        token = self.get(path).csrf()
        return self.post(path, {"csrfmiddlewaretoken": token, **data})

    def sign_in(self, email: str, secret: str, *, second_port: int | None = None) -> None:
        """Password, then the TOTP code (on `second_port` if given)."""
        response = self.submit("/accounts/login/", {"login": email, "password": PASSWORD})
        assert response.status == 302, (response.status, response.body[:300])
        if response.location.startswith("/accounts/2fa/authenticate/"):
            if second_port:
                self.port = second_port
            response = self.submit("/accounts/2fa/authenticate/", {"code": totp(secret)})
            assert response.status == 302, (response.status, response.body[:300])


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 (SHA-1, 6 digits, 30 s), as allauth checks it."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), "sha1").digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


# --- a worker's journey ------------------------------------------------------------------

VERSION = re.compile(r'name="version" value="(\d+)"')


def case_pages(case: int) -> list[str]:
    """The pages a worker reads on one case."""
    return [
        "/",
        "/cases/",
        f"/cases/{case}/",
        f"/cases/{case}/timeline/",
        f"/cases/{case}/plan/",
        f"/cases/{case}/assessments/",
    ]


def update_action(browser: Browser, case: int, action: int, need: str, *, post_port=None):
    """Open the action's form, then save it with a new need (on `post_port` if given):
    the version and the CSRF token come from the form. Returns (form, save) responses."""
    path = f"/cases/{case}/plan/{action}/"
    form = browser.get(path)
    if form.status != 200:
        return form, form
    if post_port:
        browser.port = post_port
    data = action_data(form.csrf(), VERSION.search(form.body).group(1), need)
    return form, browser.post(path, data)


def action_data(csrf: str, version: str, need: str) -> dict[str, str]:
    """The action form as a worker saves it: a new need, in progress (also
    bench/load/locustfile.py)."""
    return {
        "csrfmiddlewaretoken": csrf,
        "version": version,
        "need": need,
        "action": "Meet weekly",
        "term": "2026-04-01",
        "responsible": "Both agencies",
        "status": "in_progress",
    }


def alternate(person: dict, ports: list[int], rounds: int) -> list[tuple[str, int, str, int]]:
    """One person's session served by several servers in turn: the password on the first,
    the TOTP code on the second, then every request on the next server, each form saved on
    a different server from the one that served it. [(method, port, path, status)]."""
    browser = Browser(ports[0])
    browser.sign_in(person["email"], person["secret"], second_port=ports[1 % len(ports)])
    case, action = person["cases"][0]["case"], person["cases"][0]["actions"][0]
    log, turn = [], 0

    def next_port() -> int:
        nonlocal turn
        turn += 1
        return ports[turn % len(ports)]

    for number in range(rounds):
        for path in case_pages(case):
            browser.port = next_port()
            log.append(("GET", browser.port, path, browser.get(path).status))
        browser.port = next_port()
        form_port = browser.port
        form, saved = update_action(
            browser, case, action, f"alternating {number}", post_port=next_port()
        )
        log.append(("GET", form_port, f"/cases/{case}/plan/{action}/", form.status))
        log.append(("POST", browser.port, f"/cases/{case}/plan/{action}/", saved.status))
        browser.port = next_port()
        page = browser.get(saved.location or f"/cases/{case}/plan/")
        shown = f"alternating {number}" in page.body
        log.append(
            ("GET", browser.port, saved.location + (" (saved)" if shown else ""), page.status)
        )
    return log
