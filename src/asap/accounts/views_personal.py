"""A person's own security pages: recent activity and signed-in sessions."""

from django.contrib import messages
from django.contrib.auth import logout
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.accounts import security, services
from asap.accounts.forms import WorkDigestForm
from asap.core.permissions import signed_in


def render_activity(request: HttpRequest, person: object, *, own: bool) -> HttpResponse:
    page = Paginator(security.events_for(person), 50).get_page(request.GET.get("page"))
    for event in page:
        event.label = security.EVENT_LABELS.get(event.action, event.action)
    return render(request, "accounts/activity.html", {"page": page, "person": person, "own": own})


@signed_in
class ActivityView(View):
    """The person's own security log, with address and browser."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return render_activity(request, request.user, own=True)


@signed_in
class SessionsView(View):
    """The person's signed-in sessions; ending one, or all ("sign out everywhere")."""

    def get(self, request: HttpRequest) -> HttpResponse:
        current = security.key_hash(request.session.session_key or "")
        return render(
            request,
            "accounts/sessions.html",
            {"sessions": security.active_sessions(request.user), "current": current},
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        if "everywhere" in request.POST:
            security.end_all_sessions(user=request.user, actor=request.user, request=request)
            logout(request)
            return redirect("account_login")
        record = get_object_or_404(
            security.active_sessions(request.user), pk=request.POST.get("end")
        )
        security.end_session(actor=request.user, record=record, request=request)
        messages.success(request, _("The session was ended."))
        return redirect("personal:sessions")


@signed_in
class SettingsView(View):
    """The person's own settings: the daily e-mail of My work."""

    template_name = "accounts/settings.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = WorkDigestForm(initial={"work_digest": request.user.work_digest})
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = WorkDigestForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        services.set_work_digest(actor=request.user, enabled=form.cleaned_data["work_digest"])
        messages.success(request, _("Your settings were saved."))
        return redirect("personal:settings")
