"""What the trainer's pages share: the acting organisation and a form view."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from asap.core.permissions import for_roles
from asap.core.roles import Role

trainers = for_roles(Role.TRAINER)


def render_form(
    request: HttpRequest,
    form: Any,
    *,
    title: Any,
    back_url: str,
    submit_label: Any = None,
    status: int = 200,
    template: str = "training/form.html",
    **extra: Any,
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "back_url": back_url,
        "submit_label": submit_label,
        **extra,
    }
    return render(request, template, context, status=status)
