"""The idle timeout, seen from the server: a session the browser still names but the server
no longer holds ended for inactivity, and the person's security log says so."""

import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from asap.accounts import security

# The session record's "last seen" is written at most once a minute: the session itself (saved
# on every request anyway) remembers when, so a page costs no extra query in between.
TOUCH_EVERY_SECONDS = 60
SEEN_KEY = "asap_seen_at"


class SessionActivityMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if session_key:
            if request.user.is_authenticated:
                now = int(time.time())
                if now - request.session.get(SEEN_KEY, 0) >= TOUCH_EVERY_SECONDS:
                    security.touch_session(session_key)
                    request.session[SEEN_KEY] = now
            else:
                security.notice_session_gone(request=request, session_key=session_key)
        return self.get_response(request)
