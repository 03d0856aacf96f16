"""The idle timeout, seen from the server: a session the browser still names but the server
no longer holds ended for inactivity, and the person's security log says so."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from asap.accounts import security
from asap.core.middleware import recheck_mfa

# A signed-in session is written at most once a minute while it is used (settings:
# SESSION_SAVE_EVERY_REQUEST is off): the session remembers when it was last written, and
# writing that time saves it, which moves its expiry (the idle timeout) forward. The session
# record's "last seen" is updated at the same moment. A page in between costs no write.
TOUCH_EVERY_SECONDS = 60
SEEN_KEY = "asap_seen_at"


def mark_seen(request: HttpRequest) -> None:
    """The session was written now (at sign-in): the next write is due a minute on."""
    request.session[SEEN_KEY] = int(timezone.now().timestamp())


class SessionActivityMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if session_key:
            if request.user.is_authenticated:
                # The session backend's clock: the expiry it stores counts from this time.
                now = int(timezone.now().timestamp())
                # Written when a minute old (or ahead of this server's clock).
                if not 0 <= now - request.session.get(SEEN_KEY, 0) < TOUCH_EVERY_SECONDS:
                    security.touch_session(session_key)
                    request.session[SEEN_KEY] = now
                    # The remembered two-factor check is checked again at the same moment.
                    recheck_mfa(request)
            else:
                security.notice_session_gone(request=request, session_key=session_key)
        return self.get_response(request)
