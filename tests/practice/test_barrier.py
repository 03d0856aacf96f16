"""The training space never mixes with real data.

(a) A trainee who has practised reaches no real case. (b) A practice attempt appears in no
real list, search, dashboard or export. (c) An attempt's pk in a real case URL finds nothing.
(d) The practice code reads no real case data: its views import no case-data models and its
tables hold no key to a case table.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

import asap
from asap.cases.models import JointCase
from asap.dataprotection.casedata import CASE_DATA_APPS
from asap.practice import casebook, services
from tests.conftest import reauthenticate
from tests.practice.world import CASE_KEY, FICTIONAL_CHANNEL, FICTIONAL_NEED
from tests.security.test_matrix import MATRIX

pytestmark = pytest.mark.django_db
SRC = Path(asap.__file__).parent
APP_PACKAGES = {f"asap.{app}" for app in CASE_DATA_APPS}


def fictional_strings() -> list[str]:
    case = casebook.get(CASE_KEY)
    return [FICTIONAL_NEED, FICTIONAL_CHANNEL, case.code, *(p.name for p in case.people)]


def real_case_urls(world, sample: int = 25) -> list[str]:
    urls = [
        reverse(name, args=[world.ids[a] for a in args])
        for name, args in MATRIX
        if all(a in world.ids for a in args)
    ]
    return ["/cases/", f"/cases/{world.case.pk}/", *urls[:sample]]


def test_the_world_trainee_has_practised(world):
    attempt = world.people["trainee"].practice_attempts.get()
    assert attempt.pk == world.ids["practice_attempt"]
    assert attempt.actions.get().need == FICTIONAL_NEED


def test_a_trainee_who_practised_reaches_no_real_case(world):
    client = world.client("trainee")
    services.start_attempt(actor=world.people["trainee"], case=casebook.get("m6-joint-protocol"))
    for url in real_case_urls(world):
        response = client.get(url)
        body = response.content.decode()
        assert (url, response.status_code in (403, 404)) == (url, True)
        assert world.case.code not in body
        assert [name for name, value in world.canaries.items() if value in body] == []


@pytest.mark.parametrize("persona", ["victim_side", "coordinator", "dpo"])
def test_no_practice_string_reaches_a_real_list_search_dashboard_or_export(world, persona):
    client = world.client(persona)
    reauthenticate(client)
    code = casebook.get(CASE_KEY).code
    urls = ["/", "/cases/", f"/cases/?q={code}", "/audit/", "/audit/export/"]
    seen = {}
    for url in urls:
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        seen[url] = (response.status_code, body.decode("utf-8", "replace"))
    leaked = {
        url: [s for s in fictional_strings() if s in body and not (s == code and "q=" in url)]
        for url, (_status, body) in seen.items()
    }
    assert {url: found for url, found in leaked.items() if found} == {}
    if persona != "dpo":
        assert seen["/cases/"][0] == 200
    else:
        # The positive control: the export does list the practice writes, by id only.
        status, export = seen["/audit/export/"]
        assert status == 200
        assert "practice.attempt_started" in export
        assert "practice.practiceattempt" in export


def test_the_case_search_for_a_fictional_code_finds_no_case(world):
    client = world.client("coordinator")
    code = casebook.get(CASE_KEY).code
    page = client.get(f"/cases/?q={code}").content.decode()
    assert world.case.code in client.get("/cases/").content.decode()  # the control
    assert world.case.code not in page


def test_an_attempt_pk_in_a_real_case_url_finds_nothing(world):
    attempt_pk = world.ids["practice_attempt"]
    while JointCase.objects.filter(pk=attempt_pk).exists():  # make the pk free of real cases
        attempt_pk = services.start_attempt(
            actor=world.people["trainee"], case=casebook.get(CASE_KEY)
        ).pk
    urls = [
        f"/cases/{attempt_pk}/",
        f"/cases/{attempt_pk}/plan/",
        f"/cases/{attempt_pk}/plan/safety/",
        f"/cases/{attempt_pk}/assessments/",
    ]
    for persona, expected in [("coordinator", 404), ("victim_side", 404), ("trainee", 403)]:
        client = world.client(persona)
        for url in urls:
            response = client.get(url)
            assert (persona, url, response.status_code) == (persona, url, expected)
            body = response.content.decode()
            assert [s for s in fictional_strings() if s in body] == []


def _practice_view_modules() -> list[Path]:
    return sorted((SRC / "practice" / "views").glob("*.py"))


def imports_of_case_data(path: Path) -> list[str]:
    """Imports of a case-data app's models, queries, services or of the access door."""
    forbidden = {
        f"asap.{app}.{module}"
        for app in CASE_DATA_APPS
        for module in ("models", "queries", "services", "access")
    }
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module in forbidden:
            found.append(f"line {node.lineno}: {node.module}")
        if isinstance(node, ast.ImportFrom) and node.module in {
            f"asap.{a}" for a in CASE_DATA_APPS
        }:
            found += [
                f"line {node.lineno}: {node.module}.{alias.name}"
                for alias in node.names
                if alias.name in ("models", "queries", "services", "access")
            ]
        if isinstance(node, ast.Import):
            found += [f"line {node.lineno}: {a.name}" for a in node.names if a.name in forbidden]
    return found


def test_there_are_practice_view_modules_to_check():
    assert {p.name for p in _practice_view_modules()} >= {"attempts.py", "review.py", "common.py"}


@pytest.mark.parametrize("path", _practice_view_modules(), ids=lambda p: p.name)
def test_practice_views_import_no_case_data(path):
    assert imports_of_case_data(path) == []


def test_the_import_check_catches_a_case_data_import(tmp_path):
    planted = tmp_path / "views.py"
    planted.write_text(
        "from asap.plans.models import ActionItem\nfrom asap.cases import access\n"
        "import asap.instruments.queries\n"
    )
    assert imports_of_case_data(planted) == [
        "line 1: asap.plans.models",
        "line 2: asap.cases.access",
        "line 3: asap.instruments.queries",
    ]


@pytest.mark.parametrize("module", ["models", "services", "queries", "casebook"])
def test_the_practice_layer_touches_no_case_table(module):
    assert imports_of_case_data(SRC / "practice" / f"{module}.py") == []


def test_practice_tables_hold_no_key_to_a_case_table():
    case_tables = {
        model for label in CASE_DATA_APPS for model in apps.get_app_config(label).get_models()
    }
    relations = {
        f"{model.__name__}.{field.name}": field.related_model
        for model in apps.get_app_config("practice").get_models()
        for field in model._meta.get_fields()
        if field.is_relation and field.related_model is not None
    }
    assert relations  # the check sees the relations there are (to the attempt, the user)
    assert {name: m for name, m in relations.items() if m in case_tables} == {}
