"""A small hand-written client of the API, as an agency's developer would write one from the
OpenAPI document: httpx, a bearer token, JSON in and out, errors raised with their status.

The tests drive it over WSGI (httpx's WSGITransport into the Django application), so each
call goes through the whole stack a server runs: middleware, URL access, the token, the door.
"""

from typing import Any

import httpx
from django.core.wsgi import get_wsgi_application


class ApiError(Exception):
    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"{status}: {body}")
        self.status, self.body = status, body


class ApiClient:
    def __init__(self, secret: str, base_url: str = "http://testserver/api/v1") -> None:
        self.http = httpx.Client(
            transport=httpx.WSGITransport(app=get_wsgi_application()),
            base_url=base_url,
            headers={"Authorization": f"Bearer {secret}", "Accept": "application/json"},
        )

    def request(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        response = self.http.request(method, path, json=body, params=params or None)
        if response.status_code >= 400:
            raise ApiError(response.status_code, response.json())
        return response.json() if response.content else None

    def get(self, path: str, **params: Any) -> Any:
        return self.request("GET", path, **params)

    def post(self, path: str, body: Any) -> Any:
        return self.request("POST", path, body)

    def put(self, path: str, body: Any) -> Any:
        return self.request("PUT", path, body)

    def pages(self, path: str, **params: Any) -> list[Any]:
        """Every item of a paginated list, page after page."""
        items, page = [], 1
        while True:
            answer = self.get(path, page=page, **params)
            items += answer["items"]
            if page >= answer["meta"]["pages"]:
                return items
            page += 1
