"""Request id for logs and the audit trail; URL access (deny by default, MFA mandatory)."""

import uuid
from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

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


# A session counts as past two-factor authentication only for a second factor it passed
# itself: allauth's authentication records of the session hold an "mfa" entry (the code step
# of sign-in, or a re-authentication with a code), or its user set up an authenticator in
# this very session (entering the new authenticator's code proves it: asap.accounts.signals).
# An authenticator added elsewhere (another browser, an operator) does not count for a
# session that signed in with the password alone: that session is signed out and signs in
# again with the code.
#
# The session remembers that it is past two-factor once the check passed, so a page does not
# ask the database again: {"user": the user's id, "ids": the authenticators it passed (its
# "mfa" records) or set up in this session}. Only "past" is remembered: a session without it
# asks every time. Deleting a person's last authenticator forgets it in every session of
# theirs (asap.accounts.signals), and the session's once-a-minute write checks it against the
# database again (asap.accounts.middleware): it is forgotten unless one of its authenticators
# is still the user's, so a session that passed an authenticator deleted without a signal (a
# raw or bulk delete) owes the code of the one set up since. The earlier memory (the user's
# id alone) names no authenticator: it counts for nothing and is worked out again.
MFA_SESSION_KEY = "asap_mfa_enabled"

# What mfa_status says about a signed-in session.
MFA_PASSED = "passed"  # the user has an authenticator and this session passed it
MFA_OWED = "owed"  # the user has an authenticator; this session never passed it
MFA_NONE = "none"  # the user has no authenticator: enrolment


def passed_authenticators(request: HttpRequest, user: Any, authenticator_ids: set[int]) -> set[int]:
    """Those of `authenticator_ids` (the user's authenticators now) that allauth's
    authentication records of this session (for `user`) hold a second factor passed with: the
    code step of sign-in or a re-authentication with a code. A record of an authenticator
    since removed counts for nothing: when the person sets up another one elsewhere, this
    session signs in again with the new one."""
    return {
        record["id"]
        for record in get_authentication_records(request, user)
        if record.get("method") == "mfa" and record.get("id") in authenticator_ids
    }


def remember_mfa(request: HttpRequest, user: Any, authenticator_ids: set[int]) -> None:
    """This session is past two-factor authentication for `user`, with `authenticator_ids`
    (added to those it remembers for `user` already)."""
    ids = set(authenticator_ids) | set(_remembered_ids(request, user))
    request.session[MFA_SESSION_KEY] = {"user": user.pk, "ids": sorted(ids)}


def _remembered_ids(request: HttpRequest, user: Any) -> list[int]:
    """The authenticators this session remembers passing for `user`; none when it remembers
    nothing, another user's, or the earlier memory (the user's id alone)."""
    remembered = request.session.get(MFA_SESSION_KEY)
    if not isinstance(remembered, dict) or remembered.get("user") != user.pk:
        return []
    ids = remembered.get("ids")
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def mfa_status(request: HttpRequest, user: Any = None) -> str:
    """MFA_PASSED, MFA_OWED or MFA_NONE for the signed-in user (or `user`, signing in): the
    session's memory, or else one authenticator query (remembered when it says passed)."""
    user = user if user is not None else request.user
    if _remembered_ids(request, user):
        return MFA_PASSED
    kinds = dict(Authenticator.objects.filter(user=user).values_list("id", "type"))
    # As allauth's is_mfa_enabled: recovery codes alone are no authenticator.
    if all(kind == Authenticator.Type.RECOVERY_CODES for kind in kinds.values()):
        return MFA_NONE
    passed = passed_authenticators(request, user, set(kinds))
    if not passed:
        return MFA_OWED
    remember_mfa(request, user, passed)
    return MFA_PASSED


def mfa_enabled(request: HttpRequest, user: Any = None) -> bool:
    """Whether the signed-in user (or `user`, signing in) has an authenticator and this
    session passed a second factor (mfa_status)."""
    return mfa_status(request, user) == MFA_PASSED


def recheck_mfa(request: HttpRequest) -> None:
    """The session's memory checked against the database again (at its once-a-minute
    write, asap.accounts.middleware), in one query: forgotten unless the user still has an
    authenticator (recovery codes alone are none) and one of those the session passed or set
    up is still theirs. The next page then works it out again (mfa_status): a session that
    passed an authenticator since removed owes the code of the one set up since."""
    if MFA_SESSION_KEY not in request.session:
        return
    user = request.user
    remembered = set(_remembered_ids(request, user))
    if not remembered:  # the earlier memory, or another user's: no query
        del request.session[MFA_SESSION_KEY]
        return
    kinds = dict(Authenticator.objects.filter(user=user).values_list("id", "type"))
    has_authenticator = any(kind != Authenticator.Type.RECOVERY_CODES for kind in kinds.values())
    if not has_authenticator or not remembered & set(kinds):
        del request.session[MFA_SESSION_KEY]


class UrlAccessMiddleware:
    """Serve a view only as its declared access allows; refuse views that declare nothing.

    A signed-in user without MFA reaches only views declared `enrolment` (or `public`) and
    is sent to set up an authenticator from everywhere else. A session whose user has an
    authenticator that the session never passed (added elsewhere after it signed in with
    the password) is signed out from every page but the public ones and sign-out, enrolment
    pages too (they show recovery codes and re-authenticate), and signs in again with the
    code.
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
        if access.needs_mfa() or (access.kind == "enrolment" and not _signing_out(request)):
            status = mfa_status(request)
            if status == MFA_OWED:
                return sign_in_again(request)
            if access.needs_mfa():
                if status == MFA_NONE:
                    return redirect("mfa_activate_totp")
                # Known here for the rest of the request: e.g. the header's My work count is
                # offered only to someone past two-factor authentication.
                request.mfa_checked = True  # type: ignore[attr-defined]
        if access.kind == "roles" and not user.has_any_role(access.roles):
            raise PermissionDenied("Your role does not allow this page.")
        if access.kind == "operator" and not getattr(user, "is_operator", False):
            raise PermissionDenied("This page is for platform operators.")
        return None


def _signing_out(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name == "account_logout"


def sign_in_again(request: HttpRequest) -> HttpResponse:
    """Sign out a session that owes its user's second factor (the security log closes its
    session record, as on any sign-out) and send it to the sign-in page, which returns to
    the page asked for after the password and the code."""
    path = request.get_full_path()
    logout(request)
    messages.warning(
        request,
        _("Your account now has two-factor authentication: sign in again with your code."),
    )
    return redirect_to_login(path)
