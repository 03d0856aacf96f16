"""A small hand-written client of the API, as an agency's developer would write one from the
OpenAPI document: httpx, a bearer token, JSON in and out, errors raised with their status.

The tests drive it over WSGI (httpx's WSGITransport into the Django application), so each
call goes through the whole stack a server runs: middleware, URL access, the token, the door.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections


@contextmanager
def connections_kept() -> Iterator[None]:
    """As Django's test client does: a request does not close the test's database connection
    (it would end the test's transaction on PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


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
        with connections_kept():
            response = self.http.request(method, path, json=body, params=params or None)
        if response.status_code >= 400:
            raise ApiError(response.status_code, response.json())
        return response.json() if response.content else None

    def download(self, path: str) -> httpx.Response:
        """A file (not JSON), e.g. a meeting's calendar file."""
        with connections_kept():
            return self.http.get(path)

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
