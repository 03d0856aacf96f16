"""Deny by default: every URL pattern declares who may use it, and nothing else is served.

A view declares its access with one of the decorators below (`public`, `enrolment`,
`signed_in`, `for_roles(...)`); third-party URL modules are classified by URL name with
`declare()`. `UrlAccessMiddleware` refuses any view that declares nothing, and a test walks
the URL resolver so that an undeclared pattern fails the suite before it reaches a user.
"""

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from django.http import Http404
from django.urls import URLPattern, URLResolver

from asap.core.roles import Role

Kind = Literal["public", "enrolment", "signed_in", "roles", "operator", "api"]


@dataclass(frozen=True)
class Access:
    """Who may use a view.

    public: anyone, signed in or not (login, password reset, static pages).
    enrolment: a signed-in user who may not have set up MFA yet (MFA set-up, logout).
    signed_in: any signed-in user with MFA.
    roles: a signed-in user with MFA holding one of `roles` in an organisation.
    operator: a signed-in platform operator with MFA (the Django admin); no role gives it.
    api: a caller with an API token (`asap.api.auth`): the API checks the token itself, on
        every operation, and never reads a person's session.
    """

    kind: Kind
    roles: frozenset[str] = field(default_factory=frozenset)

    def needs_mfa(self) -> bool:
        return self.kind in {"signed_in", "roles", "operator"}


PUBLIC = Access("public")
ENROLMENT = Access("enrolment")
SIGNED_IN = Access("signed_in")
OPERATOR = Access("operator")
API_TOKEN = Access("api")


def roles_access(*roles: Role) -> Access:
    if not roles:
        raise ValueError("Name at least one role; use SIGNED_IN for any signed-in user.")
    return Access("roles", frozenset(str(role) for role in roles))


def _declare(access: Access) -> Callable[[Any], Any]:
    def decorator(view: Any) -> Any:
        view.asap_access = access
        return view

    return decorator


public = _declare(PUBLIC)
enrolment = _declare(ENROLMENT)
signed_in = _declare(SIGNED_IN)


def for_roles(*roles: Role) -> Callable[[Any], Any]:
    """Declare a view (function or class) usable by holders of any of `roles`."""
    return _declare(roles_access(*roles))


def access_of(view: Any) -> Access | None:
    """The access a resolved view function declared, or None."""
    declared = getattr(view, "asap_access", None)
    if declared is None:
        declared = getattr(getattr(view, "view_class", None), "asap_access", None)
    return declared


def _marked(view: Callable[..., Any], access: Access) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return view(*args, **kwargs)

    wrapper.asap_access = access  # type: ignore[attr-defined]
    return wrapper


def iter_patterns(patterns: Iterable[Any]) -> Iterable[URLPattern]:
    """Every URLPattern below `patterns`, through nested includes."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from iter_patterns(pattern.url_patterns)
        else:
            yield pattern


def declare(
    included: tuple[Any, str | None, str | None],
    by_name: Mapping[str, Access],
    *,
    default: Access | None = None,
) -> tuple[Any, str | None, str | None]:
    """Classify the patterns of a third-party `include(...)` by URL name.

    A name missing from `by_name` gets `default`; with no default, it stays undeclared and
    is refused (and the resolver test names it).
    """
    module = included[0]
    patterns = getattr(module, "urlpatterns", module)
    for pattern in iter_patterns(patterns):
        access = by_name.get(pattern.name or "", default)
        if access is not None and access_of(pattern.callback) is None:
            pattern.callback = _marked(pattern.callback, access)
    return included


def acting_organisation(request: Any, role: Role) -> Any:
    """The first organisation where the signed-in user holds `role`: the organisation-level
    pages act for it. 404 for a user who holds the role nowhere."""
    organisations = request.user.organisations_where(role)
    if not organisations:
        raise Http404
    return organisations[0]


__all__ = [
    "ENROLMENT",
    "OPERATOR",
    "PUBLIC",
    "SIGNED_IN",
    "Access",
    "access_of",
    "acting_organisation",
    "declare",
    "enrolment",
    "for_roles",
    "iter_patterns",
    "public",
    "roles_access",
    "signed_in",
]
