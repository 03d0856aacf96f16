"""Probe: the requests a page crawl never makes carry no canary either.

The crawl (tests/security/test_canary.py) GETs and POSTs every URL, with htmx's header on
the timeline only. Here every one of its seed URLs (every case URL of the matrix, every app's
pages and exports, pages that do not exist) is asked, by personas of every kind outside the
victim side, in the ways a browser, a proxy or a script also asks: HEAD (headers alone: a
download's file name), OPTIONS, GET as an htmx fragment (HX-Request), PUT and DELETE (405 or
a refusal), and a POST with a forged CSRF token (the 403 page). No canary may be in a status
line's headers (Content-Disposition, Location), a body, or a log record at DEBUG. A server
error inside a view, with her address in the form, leaves it neither in the error page nor
in the log. The same requests by the victim side do show the canaries (positive control).
"""

import logging

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from asap.cases import services as case_services
from asap.cases.enums import ProtectedKind
from tests.conftest import reauthenticate
from tests.security.test_canary import seeds

pytestmark = pytest.mark.django_db

OTHER_SIDES = ["perpetrator_side", "other_agency", "coordinator", "administrator_pp", "dpo_pp"]
HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/"}


WAYS = [
    ("head", {}),
    ("options", {}),
    ("get", HTMX),
    ("delete", HTMX),
    ("post", {"X-CSRFToken": "forged"}),  # by the client that checks CSRF tokens
]
# OPTIONS and DELETE answer the same to everyone outside the victim side (405, or the
# refusal a GET gets): asked by the perpetrator side alone, to keep the probe fast.
FEWER = [way for way in WAYS if way[0] in {"head", "get", "post"}]


def ask(client: Client, forged: Client, url: str, ways=WAYS) -> dict[str, str]:
    """Every way of asking `url` but the crawl's: what came back, headers and body, by
    method."""
    seen = {}
    for method, headers in ways:
        with transaction.atomic():
            who = forged if method == "post" else client
            response = getattr(who, method)(url, headers=headers)
            transaction.set_rollback(True)
        body = b"".join(response) if response.streaming else response.content
        head = "\n".join(f"{k}: {v}" for k, v in response.items())
        seen[method] = head + "\n" + body.decode("utf-8", "replace")
    return seen


def clients_of(world, persona: str) -> tuple[Client, Client]:
    """The persona's client, and one holding the same session that checks CSRF tokens."""
    cache.clear()  # sign-in and re-authentication are rate limited per address
    client = world.client(persona)
    reauthenticate(client)
    forged = Client(enforce_csrf_checks=True)
    forged.cookies = client.cookies
    return client, forged


def leaks(world, text: str) -> list[str]:
    return sorted(name for name, value in world.canaries.items() if value in text)


def test_no_canary_in_heads_options_fragments_refusals_or_logs(world, caplog):
    caplog.set_level(logging.DEBUG)
    urls = sorted(set(seeds(world)))
    # The positive control: her file's name in a HEAD's Content-Disposition, her details in
    # the case page as an htmx fragment.
    client, forged = clients_of(world, "victim_side")
    download = f"/cases/{world.case.pk}/attachments/{world.ids['attachment_victim']}/download/"
    assert download in urls
    assert leaks(world, ask(client, forged, download)["head"]) == ["victim_file_name"]
    page = ask(client, forged, f"/cases/{world.case.pk}/")["get"]
    assert {"victim_name", "child_name", "address"} <= set(leaks(world, page))
    for persona in OTHER_SIDES:
        caplog.clear()
        client, forged = clients_of(world, persona)
        ways = WAYS if persona == "perpetrator_side" else FEWER
        found = {
            url: leaks(world, "".join(ask(client, forged, url, ways).values())) for url in urls
        }
        assert {url: names for url, names in found.items() if names} == {}, persona
        assert leaks(world, caplog.text) == [], persona


def test_a_server_error_with_her_address_in_the_form_keeps_it_out_of_page_and_log(
    world, caplog, monkeypatch
):
    """The service fails while recording her new address: the 500 page and every log
    record (Django's "Internal Server Error" with its traceback) hold no part of it."""
    caplog.set_level(logging.DEBUG)
    address = world.canaries[ProtectedKind.ADDRESS] + "NEW"

    received = []

    def fails(**kwargs):
        received.append(kwargs["value"])
        raise RuntimeError("the database went away")

    monkeypatch.setattr(case_services, "record_protected_detail", fails)
    client = Client(raise_request_exception=False)
    client.cookies = world.client("victim_side").cookies
    person = world.ids["woman"]
    response = client.post(
        f"/cases/{world.case.pk}/protected/add/",
        {"person": person, "kind": ProtectedKind.ADDRESS, "value": address},
    )
    assert response.status_code == 500
    assert received == [address]  # her address reached the code that failed
    assert "Internal Server Error" in caplog.text
    assert "the database went away" in caplog.text  # the traceback was logged
    assert address not in response.content.decode()
    assert address not in caplog.text
