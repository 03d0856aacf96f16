"""My work: the signed-in person's own list; dismissing an item; marking an alert done."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.core import audit, widgets
from asap.core.permissions import signed_in
from asap.work import queries, services
from asap.work.forms import DismissForm, DoneForm

# Items shown on one page, soonest first: the count and the "new" figure are of the whole list.
PAGE_SIZE = 25


def render_list(
    request: HttpRequest, *, failed: DismissForm | None = None, status: int = 200
) -> HttpResponse:
    """One page of the list, with the form that failed (if any) re-shown under its item, on
    the page that holds that item."""
    user = request.user
    items = queries.items_for(user)
    unread = {item.key for item in queries.unread(items, queries.last_seen(user))}
    wanted = request.GET.get("page")
    keys = [item.key for item in items]
    if failed is not None and failed.data.get("key") in keys:
        wanted = str(keys.index(failed.data["key"]) // PAGE_SIZE + 1)
    page = Paginator(items, PAGE_SIZE).get_page(wanted)
    rows = []
    for number, item in enumerate(page.object_list, start=page.start_index()):
        auto_id = f"item-{number}-%s"  # one id per item's form on the page
        retry = failed is not None and failed.data.get("key") == item.key
        if retry:
            form = DismissForm(failed.data, auto_id=auto_id)
            form.is_valid()
        else:
            form = DismissForm(initial={"key": item.key}, auto_id=auto_id)
        # The form's fields written out in Python (the template renders a form with errors).
        fields = widgets.fields_html(form)
        rows.append(
            {
                "item": item,
                "unread": item.key in unread,
                "dismiss": form,
                "fields": fields,
                "retry": retry,
            }
        )
    if items:
        audit.record(actor=user, action="work.list", fields=["kind", "case", "due"])
    services.mark_seen(user=user)
    # The header's count: nothing is unread once this page is open (no second computation).
    context = {
        "rows": rows,
        "page": page,
        "total": len(items),
        "unread_count": len(unread),
        "work_unread": 0,
    }
    return render(request, "work/list.html", context, status=status)


@signed_in
class CountView(View):
    """The header's unread count as a fragment (asked by htmx when the page did not know it):
    computed here at most once a minute (`queries.unread_count`)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        context = {"work_unread": queries.unread_count(request.user)}
        return render(request, "work/count.html", context)


@signed_in
class WorkView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render_list(request)


@signed_in
class DismissView(View):
    """POST: take one of one's own items off the list, with a reason."""

    def post(self, request: HttpRequest) -> HttpResponse:
        form = DismissForm(request.POST)
        if not form.is_valid():
            return render_list(request, failed=form, status=400)
        item = queries.item_for(request.user, form.cleaned_data["key"])
        if item is None:
            raise Http404
        services.dismiss_item(actor=request.user, item=item, reason=form.cleaned_data["reason"])
        messages.success(request, _("The item left your list."))
        return redirect("work:list")


@signed_in
class DoneView(View):
    """POST: an alert's task is done, for every member of one's side on the case."""

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        form = DoneForm(request.POST)
        item = queries.item_for(request.user, form.data.get("key", "")) if form.is_valid() else None
        if item is None or not item.team_task:
            raise Http404
        services.mark_done(actor=request.user, item=item)
        messages.success(request, _("Marked done for your side's team on this case."))
        return redirect("work:list")
