"""The two shapes every case screen takes: a page about one case, and a form on one case.

Every case screen passes through `CaseView.dispatch`: the access door first, then, for a
write, the restriction of processing (GDPR art. 18): while a data-protection officer's
restriction is in force, no write of case content goes through (HTTP 423, nothing saved);
then the closure: a closed case is read-only for everyone (HTTP 423, nothing saved), but
for reopening it and the writes that narrow processing (as under a restriction). The
data-protection officer's operations (erasure, restriction, subject access) do not pass
through this door and go on as on an open case.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.cases import access
from asap.cases.access import CaseAccess
from asap.cases.services import CaseClosedError, SharingRefusedError
from asap.cases.services.frozen import CLOSED_NOTICE, is_closed
from asap.core.permissions import for_roles
from asap.core.roles import CASE_ROLES
from asap.core.versioning import ConcurrentEditError
from asap.dataprotection import restrictions

CONCURRENT_EDIT = _(
    "Someone else changed this record after you opened it. Nothing was saved: your input is "
    "below. Open the record again in a new tab to see their changes, then save yours."
)

case_roles = for_roles(*CASE_ROLES)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class CaseView(View):
    """A view of one case, fetched through the door for `action` before anything else."""

    action = access.READ
    access: CaseAccess
    # A write is refused while processing of the case is restricted. False only for the
    # writes that narrow processing: leaving the case, withdrawing a consent, share or waiver.
    frozen_by_restriction = True
    # A write is refused on a closed case. The writes that narrow processing (above) go
    # through; True only for reopening the case.
    writes_on_closed_case = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.access = access.case_for(request.user, kwargs["pk"], self.action)
        if self.writes(request):
            restricted = restrictions.in_force(
                self.access.case.pk, known_none=not getattr(self.access.case, "restricted", True)
            )
            if restricted:
                return self.refuse_restricted(restricted)
            if is_closed(self.access.case) and not self.writes_on_closed_case:
                return self.refuse_closed()
        try:
            response = super().dispatch(request, *args, **kwargs)
        except CaseClosedError:  # a service's own refusal (asap.cases.services.frozen)
            return self.refuse_closed()
        if (
            self.action == access.READ_RECORDED_BY_VIEW
            and request.method in ("GET", "HEAD")
            and response.status_code < 400
            and not self.access.reads_recorded
        ):
            raise ImproperlyConfigured(f"{type(self).__name__} read the case with no audit row.")
        return response

    def writes(self, request: HttpRequest) -> bool:
        """Whether this request would write case content (a method the view handles)."""
        method = request.method or "GET"
        return (
            self.frozen_by_restriction
            and method not in SAFE_METHODS
            and hasattr(self, method.lower())
        )

    def refuse_restricted(self, restricted: list[Any]) -> HttpResponse:
        context = {
            "case": self.access.case,
            "notices": restrictions.notices(restricted, self.access.side),
        }
        return render(self.request, "cases/restricted.html", context, status=423)

    def refuse_closed(self) -> HttpResponse:
        context = {"case": self.access.case, "notice": CLOSED_NOTICE}
        return render(self.request, "cases/closed.html", context, status=423)


class CaseFormView(CaseView):
    """GET shows the form; POST validates, calls one service, and redirects to the case.

    A validation error, a concurrent edit or a refused share re-renders the form with the
    user's input and the reason next to the field (or above the form).
    """

    template_name = "cases/form.html"
    title: Any = ""
    intro: Any = ""
    submit_label: Any = _("Save")
    success_message: Any = _("Saved.")

    def get_form(self, data: Any = None) -> forms.Form:
        raise NotImplementedError

    def save(self, form: forms.Form) -> None:
        raise NotImplementedError

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return self.render(self.get_form())

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            self.save(form)
        except ConcurrentEditError:
            form.add_error(None, CONCURRENT_EDIT)
            return self.render(form, status=409)
        except SharingRefusedError as refusal:
            form.add_error(None, str(refusal))
            return self.render(form, status=400)
        messages.success(request, self.success_message)
        return redirect(self.success_url())

    def success_url(self) -> str:
        return reverse("cases:detail", args=[self.access.case.pk])

    def context(self) -> dict[str, Any]:
        return {}

    def render(self, form: forms.Form, status: int = 200) -> HttpResponse:
        context = {
            "case": self.access.case,
            "form": form,
            "title": self.title,
            "intro": self.intro,
            "submit_label": self.submit_label,
            **self.context(),
        }
        return render(self.request, self.template_name, context, status=status)
