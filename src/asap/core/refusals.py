"""Refused requests in the audit trail.

A signed-in person, or an API token's account, whose request the platform answers with 403
(refused) or 404 (refused without saying that the thing exists, or not found) leaves one
audit row `access.refused`: who, which address (the URL's name and its numeric ids; a text
part of the address, such as a participant's personal link, by its name alone, since it may
be a secret; never the query string or body), the method and the status, and the case asked
for when the case door was reached. Filed under the asker's organisation (the API token's,
else their first active membership), so that their own data-protection officer sees what
their people tried to open: a worker probing the other side's records, an exported file
they may not have. Rows name, never show: no case content is read to write one.

A request that matches no address (a mistyped URL, a missing static file) and a signed-out
one (sent to sign in) leave none.
"""

from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

from asap.core import audit
from asap.core.models import AuditEvent

REFUSED_STATUSES = (403, 404)
ACTION = "access.refused"


# The case the request asked the case door for (`asap.cases.access.case_for`), if it did.
_case_asked: ContextVar[Any] = ContextVar("case_asked", default=None)


def note_case_asked(case_id: Any) -> None:
    """The case door's note of the case a request asked for, before deciding on it."""
    _case_asked.set(case_id)


class RefusalAuditMiddleware:
    """After the response: one `access.refused` row for a refused signed-in request."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _case_asked.set(None)
        try:
            response = self.get_response(request)
            if response.status_code in REFUSED_STATUSES:
                record_refusal(request, response.status_code)
        finally:
            _case_asked.reset(token)
        return response


def record_refusal(request: HttpRequest, status: int) -> None:
    """The row described above, when the request had an asker and an address."""
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    if match is None or user is None or not user.is_authenticated:
        return
    case_id = _case_id(_case_asked.get())
    audit.record(
        actor=user,
        action=ACTION,
        object_type=_fitted("object_type", f"url.{match.view_name}"),
        object_id=_fitted("object_id", _address_ids(match.kwargs)),
        organisation_id=_organisation_of(request, user),
        case_id=case_id,
        fields=[request.method or "", str(status)],
    )


def _address_ids(kwargs: dict[str, Any]) -> str:
    """`attachment_pk=12,pk=3`: the numeric parts with their values, any other by its name."""
    parts = (f"{k}={v}" if isinstance(v, int) else k for k, v in sorted(kwargs.items()))
    return ",".join(parts)


def _fitted(field: str, text: str) -> str:
    return text[: AuditEvent._meta.get_field(field).max_length]


def _case_id(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _organisation_of(request: HttpRequest, user: Any) -> int | None:
    token = getattr(request, "api_token", None)
    if token is not None:
        return token.organisation_id
    memberships = getattr(user, "active_memberships", None) or []
    return memberships[0].organisation_id if memberships else None
