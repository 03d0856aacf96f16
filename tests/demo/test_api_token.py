"""`asap demo` prints a demo API token that lists and reads the demo case, the same on every
run."""

import io

import pytest
from django.core.management import call_command

from asap.api.models import ApiToken
from asap.cases.models import JointCase
from asap.demo import api, data
from tests.api.conftest import api_client

pytestmark = pytest.mark.django_db


def _printed_token(output: str) -> str:
    line = next(line for line in output.splitlines() if line.startswith("API token (demo): "))
    return line.removeprefix("API token (demo): ").split(" ", 1)[0]


def test_the_demo_prints_a_token_that_reads_the_demo_case():
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    secret = _printed_token(out.getvalue())
    assert f"curl -H 'Authorization: Bearer {secret}' http://127.0.0.1:8000/api/v1/cases" in (
        out.getvalue()
    )
    client = api_client(secret)
    listed = client.get("/api/v1/cases")
    assert listed.status_code == 200
    assert [item["code"] for item in listed.json()["items"]] == [data.CASE_IN_ASSESSMENT]
    case = JointCase.objects.get(code=data.CASE_IN_ASSESSMENT)
    assert client.get(f"/api/v1/cases/{case.pk}").json()["code"] == data.CASE_IN_ASSESSMENT
    other = JointCase.objects.get(code=data.CASE_AT_REFERRAL)
    assert client.get(f"/api/v1/cases/{other.pk}").status_code == 404

    # A second run prints the same token and issues none.
    assert api.api_token() == secret
    assert ApiToken.objects.count() == 1


def test_an_expired_demo_token_is_replaced():
    data.load()
    secret = api.api_token()
    token = ApiToken.objects.get()
    ApiToken.objects.filter(pk=token.pk).update(expires_at=token.created_at)
    assert api_client(secret).get("/api/v1/cases").status_code == 401
    renewed = api.api_token()
    assert renewed != secret
    assert api_client(renewed).get("/api/v1/cases").status_code == 200
    token.refresh_from_db()
    assert token.is_revoked
