"""The authorisation matrix and the canary crawl over the API: every operation of the OpenAPI
document, called with the token of every persona's role and side (tests/api/conftest.py).

Each part of the API names the values its operations need in tests/api/crawl_<part>.py
(`operations(world) -> {url_name: {"path": {...}, "body": {...} | None}}`); an operation no
part names fails the crawl until someone does. Every call runs in a transaction that is rolled
back, so a write that succeeds does not change what the next call sees.
"""

import importlib
import json
import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import resolve

pytestmark = pytest.mark.django_db

PARTS = ("cases", "records", "instruments", "plans", "meetings", "training", "evaluation", "work")
METHODS = ("get", "post", "put", "patch", "delete")
VICTIM = {"victim_side", "partner_contact"}
MEMBERS = {*VICTIM, "perpetrator_side", "child_protection_lead", "other_agency"}
COORDINATORS = {"coordinator", "coordinator_vss", "coordinator_agency"}


def crawl_values(world) -> dict[str, dict]:
    values: dict[str, dict] = {
        "case_list": {"path": {}, "body": None},
        "case_detail": {"path": {"case_id": world.case.pk}, "body": None},
    }
    for part in PARTS:
        try:
            module = importlib.import_module(f"tests.api.crawl_{part}")
        except ModuleNotFoundError:
            continue
        values |= module.operations(world)
    return values


def document_operations() -> list[tuple[str, str]]:
    document = json.loads(Client().get("/api/v1/openapi.json").content)
    return [
        (method, path)
        for path, item in document["paths"].items()
        for method in METHODS
        if method in item
    ]


def url_name_of(path: str) -> str:
    return resolve(re.sub(r"\{[^}]+\}", "1", path)).url_name


def call(client: Client, method: str, path: str, values: dict):
    url = path.format(**values["path"])
    body = values.get("body") if method != "get" else None
    kwargs = {"content_type": "application/json", "data": json.dumps(body or {})}
    with transaction.atomic():
        response = getattr(client, method)(url, **kwargs) if method != "get" else client.get(url)
        transaction.set_rollback(True)
    return response


def run_crawl(api_world):
    """Every (persona, method, path) → (status, body text)."""
    values = crawl_values(api_world.world)
    operations = document_operations()
    missing = sorted({url_name_of(path) for _m, path in operations} - set(values))
    assert not missing, f"Name the crawl values of: {missing} (tests/api/crawl_<part>.py)"
    results = {}
    for who in [*api_world.secrets, "anonymous"]:
        client = Client() if who == "anonymous" else api_world.client(who)
        for method, path in operations:
            response = call(client, method, path, values[url_name_of(path)])
            body = response.content.decode(errors="replace")
            results[who, method, path] = (response.status_code, body)
    return api_world, results


def test_the_api_matrix_and_canary_crawl(api_world):
    """One crawl (it is long), every property checked on it."""
    crawl = run_crawl(api_world)
    check_no_canary_reaches_a_token_outside_the_victim_side(crawl)
    check_no_operation_fails_with_a_server_error(crawl)
    check_without_a_token_every_operation_answers_401(crawl)
    check_a_token_with_no_part_in_the_case_gets_404_for_the_case(crawl)
    check_members_read_every_case_operation_and_coordinators_only_metadata(crawl)


def check_no_canary_reaches_a_token_outside_the_victim_side(crawl):
    api_world, results = crawl
    canaries = list(api_world.world.canaries.values())
    leaks = [
        (who, method, path, canary)
        for (who, method, path), (_status, body) in results.items()
        for canary in canaries
        if who not in VICTIM and canary in body
    ]
    assert leaks == []
    # The planted values are reachable at all: the victim side's tokens read some of them, so
    # the check above could fail.
    seen = {
        canary
        for (who, _method, _path), (_status, body) in results.items()
        for canary in canaries
        if who in VICTIM and canary in body
    }
    assert seen


def check_no_operation_fails_with_a_server_error(crawl):
    _api_world, results = crawl
    errors = [(key, status) for key, (status, _body) in results.items() if status >= 500]
    assert errors == []


def check_without_a_token_every_operation_answers_401(crawl):
    _api_world, results = crawl
    statuses = {key: status for key, (status, _body) in results.items() if key[0] == "anonymous"}
    assert statuses
    assert set(statuses.values()) == {401}


def check_a_token_with_no_part_in_the_case_gets_404_for_the_case(crawl):
    """The unrelated agency's token, and the tokens of the roles that see no case (the
    data-protection officers, the administrators, the trainee) of every organisation taking
    part: 404, as the case did not exist."""
    api_world, results = crawl
    outsiders = set(api_world.secrets) - MEMBERS - COORDINATORS
    assert {"unrelated", "dpo", "dpo_pp", "administrator_pp", "trainee"} <= outsiders
    case_paths = {
        key: status
        for key, (status, _body) in results.items()
        if key[0] in outsiders and key[2].startswith("/api/v1/cases/{case_id}")
    }
    assert case_paths
    assert {key: s for key, s in case_paths.items() if s != 404} == {}


def check_members_read_every_case_operation_and_coordinators_only_metadata(crawl):
    _api_world, results = crawl
    reads = {
        key: status
        for key, (status, _body) in results.items()
        if key[1] == "get" and key[2].startswith("/api/v1/cases/{case_id}")
    }
    for (who, _method, path), status in reads.items():
        if who in MEMBERS:
            assert status in (200, 403), (who, path, status)
        if who in COORDINATORS:
            expected = 200 if path == "/api/v1/cases/{case_id}" else 403
            assert status == expected, (who, path, status)
    assert all(reads[who, "get", "/api/v1/cases/{case_id}"] == 200 for who in MEMBERS)
