"""What every practice form page shares: the attempt is the user's own, a submitted attempt
is shown read-only, and a refused save re-renders the form with the input kept."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.core.versioning import ConcurrentEditError
from asap.practice import queries
from asap.practice.services import AttemptClosedError

CONCURRENT_EDIT = _(
    "This attempt was changed in another tab after you opened this page. Nothing was saved: "
    "your input is below. Open the page again to see the other changes, then save yours."
)


class AttemptView(View):
    """A page of one of the user's own attempts (anyone else's answers 404)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The access middleware has refused anyone signed out before dispatch.
        self.attempt = queries.own_attempt(request.user, kwargs["pk"])
        self.case = queries.case_of(self.attempt)
        return super().dispatch(request, *args, **kwargs)


class AttemptFormView(AttemptView):
    template_name = "practice/form.html"
    title: Any = ""
    intro: Any = ""
    submit_label: Any = _("Save")
    success_message: Any = _("Saved.")

    def get_form(self, data: Any = None) -> forms.Form:
        raise NotImplementedError

    def save(self, form: Any) -> None:
        raise NotImplementedError

    def success_url(self) -> str:
        return reverse("practice:attempt", args=[self.attempt.pk])

    def context(self, form: Any) -> dict[str, Any]:
        return {}

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
        except AttemptClosedError as closed:
            form.add_error(None, str(closed))
            return self.render(form, status=400)
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
            return self.render(form, status=400)
        messages.success(request, self.success_message)
        return redirect(self.success_url())

    def render(self, form: forms.Form, status: int = 200) -> HttpResponse:
        if not self.attempt.is_open:
            for field in form.fields.values():
                field.disabled = True
        context = {
            "attempt": self.attempt,
            "case": self.case,
            "form": form,
            "title": self.title,
            "intro": self.intro,
            "submit_label": self.submit_label,
            **self.context(form),
        }
        return render(self.request, self.template_name, context, status=status)
