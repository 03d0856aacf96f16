"""How the API answers what went wrong: short, content-free messages, the same status codes a
person's pages use (404 for what the caller may not know exists, 403 for what their side may
not read), 409 with the current version for a stale write, 429 with `Retry-After`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from asap.api.auth import AddressRefusedError, RateLimitedError


class StaleVersionError(Exception):
    """A write named a version that is no longer the record's."""

    def __init__(self, current_version: int) -> None:
        super().__init__("stale version")
        self.current_version = current_version


def install(api: NinjaAPI) -> None:
    """Register the API's answers to the project's exceptions on `api`."""

    def answer(request: HttpRequest, status: int, body: dict) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        response = answer(request, 401, {"detail": _("A valid API token is needed.")})
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(AddressRefusedError)
    def address_refused(request: HttpRequest, exc: Exception) -> HttpResponse:
        return answer(request, 403, {"detail": _("This token is not allowed from here.")})

    @api.exception_handler(RateLimitedError)
    def rate_limited(request: HttpRequest, exc: RateLimitedError) -> HttpResponse:
        response = answer(request, 429, {"detail": _("Too many calls; try again later.")})
        response["Retry-After"] = str(max(1, exc.retry_after))
        return response

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return answer(request, 404, {"detail": _("Not found.")})

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return answer(request, 403, {"detail": _("Your role or side does not allow this.")})

    @api.exception_handler(StaleVersionError)
    def stale(request: HttpRequest, exc: StaleVersionError) -> HttpResponse:
        body = {
            "detail": _("Someone else changed this record meanwhile."),
            "version": exc.current_version,
        }
        return answer(request, 409, body)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return answer(request, 422, {"detail": exc.messages})
