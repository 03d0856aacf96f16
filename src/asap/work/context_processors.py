"""The header's count of unread items in My work: read from the cache only if the header
shows it; when it is not known, the header fetches it (`work:count`) after the page loads, so
no page pays for computing it and every page costs the same whatever the cache holds."""

from typing import Any

from django.http import HttpRequest

from asap.work.queries import lazy_unread_count


def work(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    # Only past two-factor authentication (the middleware says so): on the enrolment pages a
    # request for the count would be sent to enrolment again and start it anew.
    if user is None or not user.is_authenticated or not getattr(request, "mfa_checked", False):
        return {}
    return {"work_header": True, "work_unread": lazy_unread_count(user)}
