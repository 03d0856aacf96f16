#!/usr/bin/env python3
"""The user guide's screenshots (docs/images/), taken from the demo in a real browser.

    .venv/bin/python scripts/screenshots.py                  # writes docs/images/*.png
    .venv/bin/python scripts/screenshots.py --out /tmp/shots # somewhere else

What it does, so that anyone can make the same pictures again after the pages change:

1. Builds the demo (`asap demo`: migrations, the fictional demo data) in a new temporary
   ASAP_DATA_DIR with its own SQLite database and audit files; DATABASE_URL is ignored, so
   no real database is ever touched. The folder is removed at the end.
2. Serves it with `asap demo --port <a free local port>` (ASAP_DEMO on, e-mails to the
   demo's outbox) and waits until the sign-in page answers.
3. Signs in with the demo accounts (asap.demo.data: the shared demo password, and a code
   computed from each account's fixed TOTP secret with allauth's own TOTP functions, as the
   tests do) in Chromium driven by Playwright's sync API (/usr/bin/chromium, or the path in
   ASAP_CHROMIUM), in English, and saves:

   - two-factor-code.png: the code prompt after the password (vss.worker, 1280 px);
   - case-page-desktop.png: the case in the joint risk assessment (JC-DEMO-0001) as the
     victim support service's worker sees it on a 1280 x 900 screen (its summary, main button
     and task list);
   - case-page-phone.png: the same case page 360 px wide, the full page;
   - home-phone.png: that worker's home page 360 px wide, the full page;
   - two-factor.png: the authenticator set-up a new user meets at first sign-in
     (new.worker, who has no two-factor authentication yet; /accounts/2fa/totp/activate/).

Every name and number in the pictures is the demo's invention. Playwright and Chromium are
needed (the browser tests use the same); Playwright's own browser download is not.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASAP = Path(sys.executable).parent / "asap"
CHROMIUM = os.environ.get("ASAP_CHROMIUM", "/usr/bin/chromium")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 800}
CASE_CODE = "JC-DEMO-0001"  # asap.demo.data.CASE_IN_ASSESSMENT (imported once Django is set up)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def demo_environment(work: Path, port: int) -> dict[str, str]:
    """The demo's settings, every file inside `work`; nothing of the caller's database."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "asap.settings",
            "ASAP_ENV": "development",
            "ASAP_DEMO": "true",
            "ASAP_DATA_DIR": str(work / "data"),
            "ASAP_AUDIT_ANCHOR_FILE": str(work / "audit" / "audit-anchors.jsonl"),
            "ASAP_ERASURE_LEDGER_FILE": str(work / "audit" / "erasure-ledger.jsonl"),
            "ASAP_SITE_URL": f"http://127.0.0.1:{port}",
            "ASAP_ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
    )
    return env


def wait_until_served(url: str, server: subprocess.Popen, log: Path, seconds: int = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"The demo stopped (status {server.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - local URL
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    sys.exit(f"The demo did not answer at {url} within {seconds} s:\n{log.read_text()}")


def totp_code(secret: str) -> str:
    """The current code of an authenticator holding `secret` (allauth's functions)."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def settle(page) -> None:
    """Wait for the page's own requests (the header's My work count) to finish."""
    page.wait_for_load_state("networkidle")


def sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/accounts/2fa/**")
    settle(page)


def take(out: Path, base: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from asap.demo import data

    users = {demo.email: demo for demo in data.USERS}
    worker, newcomer = users["vss.worker@demo.asap"], users["new.worker@demo.asap"]
    assert data.CASE_IN_ASSESSMENT == CASE_CODE  # noqa: S101 - the demo changed its codes
    saved: list[Path] = []

    def shot(page, name: str, *, full_page: bool = True) -> None:
        settle(page)
        path = out / name
        page.screenshot(path=str(path), full_page=full_page, animations="disabled")
        saved.append(path)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"],
        )
        try:
            context = browser.new_context(viewport=DESKTOP, locale="en-GB")
            page = context.new_page()
            # The victim support service's worker: the code prompt, her case, her home page.
            sign_in(page, base, worker.email, data.DEMO_PASSWORD)
            shot(page, "two-factor-code.png", full_page=False)
            page.get_by_role("textbox", name="Code").fill(totp_code(worker.totp_secret))
            page.get_by_role("button", name="Sign In").click()
            page.wait_for_url(f"{base}/")
            page.goto(f"{base}/cases/")
            page.get_by_role("link", name=CASE_CODE, exact=True).first.click()
            page.wait_for_url("**/cases/*/")
            shot(page, "case-page-desktop.png", full_page=False)  # what a screen shows
            page.set_viewport_size(PHONE)
            page.reload()
            shot(page, "case-page-phone.png")
            page.goto(f"{base}/")
            shot(page, "home-phone.png")
            context.close()

            # A new worker without two-factor authentication: the set-up comes first.
            context = browser.new_context(viewport=DESKTOP, locale="en-GB")
            page = context.new_page()
            sign_in(page, base, newcomer.email, data.DEMO_PASSWORD)
            page.wait_for_url(f"{base}/accounts/2fa/totp/activate/")
            shot(page, "two-factor.png")
            context.close()
        finally:
            browser.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    work = Path(tempfile.mkdtemp(prefix="asap-screenshots-"))
    port = free_port()
    env = demo_environment(work, port)
    base = f"http://127.0.0.1:{port}"
    log = work / "demo.log"
    server = None
    try:
        with log.open("w") as output:
            server = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
                [str(ASAP), "demo", "--port", str(port)],
                cwd=work,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        wait_until_served(f"{base}/accounts/login/", server, log)
        # This process reads the demo's accounts and secrets with the demo's own settings.
        os.environ.update(env)
        import django

        django.setup()
        for path in take(args.out, base):
            print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
