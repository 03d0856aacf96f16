"""The OpenAPI document is valid OpenAPI, every operation needs the token, and the reference
page lists every operation."""

import json
import re

import pytest
from django.test import Client
from django.urls import resolve
from openapi_spec_validator import validate

from asap.core.permissions import API_TOKEN, access_of

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture
def document():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_document_validates_against_the_specification(document):
    validate(document)
    assert document["openapi"].startswith("3.")
    assert "/api/v1/cases" in document["paths"]


def test_every_operation_needs_the_bearer_token(document):
    schemes = document["components"]["securitySchemes"]
    assert schemes == {"TokenAuth": {"type": "http", "scheme": "bearer"}}
    operations = [
        (path, method, item[method])
        for path, item in document["paths"].items()
        for method in METHODS
        if method in item
    ]
    assert operations
    for path, method, operation in operations:
        assert operation.get("security") == [{"TokenAuth": []}], (method, path)


def test_every_operation_is_a_declared_api_address(document):
    """Served as the API (the token checked by the API itself), the document alone public."""
    assert access_of(resolve("/api/v1/openapi.json").func).kind == "public"
    for path in document["paths"]:
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        assert access_of(resolve(concrete).func) == API_TOKEN, path


def test_the_reference_page_lists_every_operation(document):
    page = Client().get("/api/v1/reference/")
    assert page.status_code == 200
    text = page.content.decode()
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                assert f"{method.upper()} {path}" in text
