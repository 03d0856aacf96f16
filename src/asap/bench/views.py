"""The floor of the benchmark: the cheapest signed-in page, through the same middleware as
every other page (session, MFA check, access declaration), reading one indexed row."""

from django.http import HttpRequest, HttpResponse

from asap.accounts.models import User
from asap.core.permissions import signed_in


@signed_in
def floor(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own e-mail address, read by primary key, as plain text."""
    email = User.objects.filter(pk=request.user.pk).values_list("email", flat=True).first()
    return HttpResponse(email or "", content_type="text/plain; charset=utf-8")
