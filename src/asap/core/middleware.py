"""Request id for logs and the audit trail; URL access (deny by default, MFA mandatory)."""

import uuid
from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from asap.core.context import request_id_var
from asap.core.permissions import access_of


class RequestIdMiddleware:
    """Give every request an id that log lines and audit rows carry."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


# The session remembers (by the user's id) that its user has an authenticator once the check
# passed, so a page does not ask the database again. Only "enabled" is remembered: a session
# without it asks every time. Deleting a person's last authenticator forgets it in every
# session of theirs (asap.accounts.signals), and the session's once-a-minute write checks it
# against the database again (asap.accounts.middleware).
MFA_SESSION_KEY = "asap_mfa_enabled"


def mfa_enabled(request: HttpRequest, user: Any = None) -> bool:
    """Whether the signed-in user (or `user`, signing in) has an authenticator: the
    session's memory, or the database (remembered when it says yes)."""
    user = user if user is not None else request.user
    if request.session.get(MFA_SESSION_KEY) == user.pk:
        return True
    if not is_mfa_enabled(user):
        return False
    request.session[MFA_SESSION_KEY] = user.pk
    return True


def recheck_mfa(request: HttpRequest) -> None:
    """The session's memory checked against the database again (at its once-a-minute
    write, asap.accounts.middleware): forgotten if the user has no authenticator left."""
    if MFA_SESSION_KEY in request.session and not is_mfa_enabled(request.user):
        del request.session[MFA_SESSION_KEY]


class UrlAccessMiddleware:
    """Serve a view only as its declared access allows; refuse views that declare nothing.

    A signed-in user without MFA reaches only views declared `enrolment` (or `public`) and
    is sent to set up an authenticator from everywhere else.
    """

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        access = access_of(view_func)
        if access is None:
            raise PermissionDenied("This address declares no access.")
        if access.kind in ("public", "api"):
            return None
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if access.needs_mfa():
            if not mfa_enabled(request):
                return redirect("mfa_activate_totp")
            # Known here for the rest of the request: e.g. the header's My work count is
            # offered only to someone past two-factor authentication.
            request.mfa_checked = True  # type: ignore[attr-defined]
        if access.kind == "roles" and not user.has_any_role(access.roles):
            raise PermissionDenied("Your role does not allow this page.")
        if access.kind == "operator" and not getattr(user, "is_operator", False):
            raise PermissionDenied("This page is for platform operators.")
        return None
