"""25 case workers working through their cases (issue 8, item 4): run by bench/load/run.py.

Each simulated user takes one seeded worker (ASAP_LOAD_PEOPLE: the JSON that
tests/resilience/seed.py printed), signs in with the password and a TOTP code, then keeps
working: the case list, a case, its timeline, its plan, an action changed and saved (the
version and the CSRF token read from the form), the assessments page. Any answer but the
expected one (200 for a page, 302 for a saved form) is a failure.
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
from tests.resilience.servers import CSRF, PASSWORD, VERSION, action_data, totp

PEOPLE = json.loads(Path(os.environ["ASAP_LOAD_PEOPLE"]).read_text())["users"]
_next = itertools.count()
_lock = threading.Lock()


def token(body: str) -> str:
    match = CSRF.search(body)
    return match.group(1) if match else ""


class CaseWorker(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        with _lock:
            self.person = PEOPLE[next(_next) % len(PEOPLE)]
        self.cases = self.person["cases"]
        page = self.client.get("/accounts/login/", name="sign-in form")
        login = {"csrfmiddlewaretoken": token(page.text), "login": self.person["email"]}
        self.expect(
            "POST",
            "/accounts/login/",
            302,
            "sign in: password",
            data={**login, "password": PASSWORD},
        )
        page = self.client.get("/accounts/2fa/authenticate/", name="sign in: code form")
        code = {"csrfmiddlewaretoken": token(page.text), "code": totp(self.person["secret"])}
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

    @task(2)
    def case_list(self) -> None:
        self.expect("GET", "/cases/", 200, "/cases/")

    @task(3)
    def open_case(self) -> None:
        self.expect("GET", f"/cases/{self.case()['case']}/", 200, "/cases/[id]/")

    @task(2)
    def timeline(self) -> None:
        self.expect("GET", f"/cases/{self.case()['case']}/timeline/", 200, "/cases/[id]/timeline/")

    @task(2)
    def plan(self) -> None:
        self.expect("GET", f"/cases/{self.case()['case']}/plan/", 200, "/cases/[id]/plan/")

    @task(2)
    def update_action(self) -> None:
        case = self.case()
        path = f"/cases/{case['case']}/plan/{random.choice(case['actions'])}/"  # noqa: S311
        form = self.expect("GET", path, 200, "/cases/[id]/plan/[action]/ (form)")
        version = VERSION.search(form.text)
        if not version:
            return
        need = f"Updated under load {random.randint(0, 10**9)}"  # noqa: S311
        data = action_data(token(form.text), version.group(1), need)
        self.expect("POST", path, 302, "/cases/[id]/plan/[action]/ (save)", data=data)

    @task(1)
    def assessments(self) -> None:
        path = f"/cases/{self.case()['case']}/assessments/"
        self.expect("GET", path, 200, "/cases/[id]/assessments/")
