"""The idle timeout, seen from the server: a session the browser still names but the server
no longer holds ended for inactivity, and the person's security log says so."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from asap.accounts import security


class SessionActivityMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if session_key:
            if request.user.is_authenticated:
                security.touch_session(session_key)
            else:
                security.notice_session_gone(request=request, session_key=session_key)
        return self.get_response(request)
