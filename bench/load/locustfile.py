"""Case workers of the perpetrator programmes at work (issue 19, point 5): run by
bench/load/run.py.

Each simulated user takes one programme case worker of the `asap bench seed` data
(ASAP_LOAD_PEOPLE: the JSON bench/load/people.py printed), signs in with the password and a
TOTP code, then keeps working through their open cases, with a pause of 0.5 to 1.5 s: the home
page, the case list, My work, a case page, the open risk review (the form, then one answer
saved), an open action (the form, then saved in progress), the minutes PDF. The forms are
posted as a browser posts them (every field read from the page, the CSRF token and the
version included). Any answer but the expected one (200 for a page, 302 for a saved form, a
PDF for the minutes) is a failure.

Each user comes from an address of its own (X-Forwarded-For, trusted by the servers the run
starts, as behind the production proxy): the sign-in rate limit counts per address.
"""

import itertools
import json
import os
import random
import sys
import threading
from pathlib import Path

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.resilience.servers import CSRF, totp

from asap.bench.htmlforms import post_form

PEOPLE = json.loads(Path(os.environ["ASAP_LOAD_PEOPLE"]).read_text())
_next = itertools.count()
_lock = threading.Lock()


def token(body: str) -> str:
    match = CSRF.search(body)
    return match.group(1) if match else ""


class CaseWorker(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        with _lock:
            number = next(_next)
        self.person = PEOPLE["users"][number % len(PEOPLE["users"])]
        self.cases = self.person["cases"]
        self.client.headers["X-Forwarded-For"] = f"10.19.{number // 250}.{number % 250 + 1}"
        page = self.client.get("/accounts/login/", name="sign-in form")
        login = {"csrfmiddlewaretoken": token(page.text), "login": self.person["email"]}
        password = {**login, "password": PEOPLE["password"]}
        self.expect("POST", "/accounts/login/", 302, "sign in: password", data=password)
        page = self.client.get("/accounts/2fa/authenticate/", name="sign in: code form")
        code = {"csrfmiddlewaretoken": token(page.text), "code": totp(PEOPLE["secret"])}
        self.expect("POST", "/accounts/2fa/authenticate/", 302, "sign in: TOTP code", data=code)

    def expect(self, method: str, path: str, status: int, name: str, **kwargs):
        with self.client.request(
            method, path, name=name, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            if response.status_code != status:
                response.failure(f"{response.status_code}, expected {status}")
            else:
                response.success()
            return response

    def case(self) -> dict:
        return random.choice(self.cases)  # noqa: S311 - which case to open, not a secret

    def save(self, path: str, name: str, change: dict[str, list[str]]) -> None:
        """Open the form at `path`, then post it back with `change`: 302 expected."""
        form = self.expect("GET", path, 200, f"{name} (form)")
        if form.status_code != 200:
            return
        data = post_form(form.text) | change
        self.expect("POST", path, 302, f"{name} (save)", data=data)

    @task(2)
    def home(self) -> None:
        self.expect("GET", "/", 200, "home")

    @task(2)
    def case_list(self) -> None:
        self.expect("GET", "/cases/", 200, "case list")

    @task(2)
    def my_work(self) -> None:
        self.expect("GET", "/work/", 200, "My work")

    @task(4)
    def case_page(self) -> None:
        self.expect("GET", self.case()["case"], 200, "case page")

    @task(2)
    def risk_form(self) -> None:
        answer = random.choice(["yes", "no"])  # noqa: S311
        self.save(self.case()["risk"], "risk form", {"item_A1": [answer]})

    @task(2)
    def action_update(self) -> None:
        self.save(self.case()["action"], "action", {"status": ["in_progress"]})

    @task(1)
    def minutes_pdf(self) -> None:
        with self.client.get(
            self.case()["minutes"], name="minutes PDF", catch_response=True
        ) as response:
            if response.status_code != 200 or not response.content.startswith(b"%PDF-"):
                response.failure(f"{response.status_code}, expected a PDF")
            else:
                response.success()
