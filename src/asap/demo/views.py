"""The demo's outbox pages (asap.demo.outbox): routed only while ASAP_DEMO is on, and each
view answers 404 otherwise too. Public on purpose: the person trying the demo reads what
every demo account receives, a password reset link included, before anyone signs in."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from asap.core.permissions import public
from asap.demo import outbox


def _demo_only() -> None:
    if not settings.ASAP_DEMO:
        raise Http404


@public
def outbox_list(request: HttpRequest) -> HttpResponse:
    _demo_only()
    context = {"mails": outbox.messages(), "folder": outbox.folder()}
    return render(request, "demo/outbox_list.html", context)


@public
def outbox_detail(request: HttpRequest, name: str) -> HttpResponse:
    _demo_only()
    mail = outbox.message(name)
    if mail is None:
        raise Http404
    return render(request, "demo/outbox_detail.html", {"mail": mail})
