"""The API's reference page: every operation of the OpenAPI document, rendered on the server
(no script, so it reads with a keyboard and a screen reader like the rest of the platform)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View

from asap.api.api import api
from asap.core.permissions import public

METHODS = ("get", "post", "put", "patch", "delete")


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's operations in path order, each with its method, path, summary,
    parameters and response codes."""
    rows = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": operation.get("operationId", ""),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "tags": operation.get("tags", []),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "type": p.get("schema", {}).get("type", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "body": "requestBody" in operation,
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return rows


@method_decorator(public, name="dispatch")
class ReferenceView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        schema = api.get_openapi_schema(path_prefix="/api/v1")
        return render(
            request,
            "api/reference.html",
            {"operations": operations(schema), "info": schema.get("info", {})},
        )
