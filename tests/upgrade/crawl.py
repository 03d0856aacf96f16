"""The upgrade crawl, run in a subprocess on a database loaded from an upgrade fixture
(tests/upgrade/test_upgrade.py): `asap migrate`, then each demo persona of the fixture signs
in (password, then a TOTP code, as a person does) and opens the main pages. Prints JSON: per
persona the codes of the cases their case list links to and each page's status code, and how
long the migration and the crawl took.
"""

import base64
import hashlib
import json
import re
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.management import call_command
from django.test import Client

from asap.accounts.models import User
from asap.cases.models import JointCase

# The demo's password and TOTP secrets as the fixture's code (asap.demo.data) set them.
DEMO_PASSWORD = "asap-demo-2026"
CASE_PAGES = ["", "assessments/", "plan/", "meetings/"]


def demo_totp_secret(email: str) -> str:
    digest = hashlib.sha256(f"asap-demo:{email}".encode()).digest()[:20]
    return base64.b32encode(digest).decode("ascii")


def sign_in(client: Client, user: User) -> list[int]:
    """The sign-in's status codes (a redirect each when it works)."""
    response = client.post("/accounts/login/", {"login": user.email, "password": DEMO_PASSWORD})
    statuses = [response.status_code]
    if response.get("Location", "").startswith("/accounts/2fa/authenticate/"):
        code = format_hotp_value(hotp_value(demo_totp_secret(user.email), int(time.time()) // 30))
        statuses.append(client.post("/accounts/2fa/authenticate/", {"code": code}).status_code)
    return statuses


def crawl_case(client: Client, pk: int, pages: dict[str, int]) -> None:
    for page in CASE_PAGES:
        url = f"/cases/{pk}/{page}"
        response = client.get(url)
        pages[url] = response.status_code
        if page == "assessments/":
            # Each instrument administered in the case: its page.
            for administration in sorted(
                set(re.findall(rf'href="/cases/{pk}/assessments/(\d+)/"', response.text))
            ):
                url = f"/cases/{pk}/assessments/{administration}/"
                pages[url] = client.get(url).status_code


def main() -> None:
    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    migrated = time.monotonic()
    codes = dict(JointCase.objects.values_list("pk", "code"))
    personas = {}
    signing_in = 0.0
    for user in User.objects.order_by("email"):
        if not Authenticator.objects.filter(user=user).exists():
            # A persona without MFA sets up an authenticator at her first sign-in.
            TOTP.activate(user, demo_totp_secret(user.email))
        client = Client(SERVER_NAME="localhost")  # an allowed host of the development settings
        before = time.monotonic()
        signed_in = sign_in(client, user)
        signing_in += time.monotonic() - before
        pages = {"/": client.get("/").status_code}
        case_list = client.get("/cases/")
        pages["/cases/"] = case_list.status_code
        listed = sorted({int(pk) for pk in re.findall(r'href="/cases/(\d+)/"', case_list.text)})
        for pk in listed:
            crawl_case(client, pk, pages)
        personas[user.email] = {
            "sign_in": signed_in,
            "cases": [codes[pk] for pk in listed],
            "pages": pages,
        }
    print(
        json.dumps(
            {
                "personas": personas,
                "migrate_seconds": round(migrated - started, 2),
                "crawl_seconds": round(time.monotonic() - migrated, 2),
                "sign_in_seconds": round(signing_in, 2),
                "pages": sum(len(persona["pages"]) for persona in personas.values()),
            }
        )
    )


if __name__ == "__main__":
    main()
