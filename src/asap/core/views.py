"""Ground-floor pages: the data-protection officer's audit trail and the language switch."""

from allauth.account.decorators import reauthentication_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.i18n import set_language as django_set_language

from asap.core import audit
from asap.core.exporters import csv_response
from asap.core.forms import AuditFilterForm
from asap.core.permissions import for_roles, public
from asap.core.queries import audit_events_for, dpo_organisation_ids
from asap.core.roles import Role

PAGE_SIZE = 50


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, dict[str, object]]:
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data
    return form, {}


@for_roles(Role.DATA_PROTECTION_OFFICER)
class AuditTrailView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        form, filters = _filters(request)
        page = Paginator(audit_events_for(request.user, filters), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "core/audit_list.html",
            {"form": form, "page": page, "query": query.urlencode()},
        )


@for_roles(Role.DATA_PROTECTION_OFFICER)
@method_decorator(reauthentication_required, name="get")
class AuditExportView(View):
    """CSV of the filtered trail, after re-authentication; the export is itself audited."""

    def get(self, request: HttpRequest) -> HttpResponse:
        _form, filters = _filters(request)
        events = audit_events_for(request.user, filters).iterator(chunk_size=2000)
        with transaction.atomic():
            for organisation_id in dpo_organisation_ids(request.user):
                audit.record(
                    actor=request.user,
                    action="audit.export",
                    organisation_id=organisation_id,
                    fields=sorted(k for k, v in filters.items() if v),
                )
        header = [
            "#",
            _("Time"),
            _("Actor"),
            _("Organisation"),
            _("Action"),
            _("Object type"),
            _("Object ID"),
            _("Case"),
            _("Fields"),
            _("Request ID"),
            _("Hash"),
        ]
        rows = (
            [
                e.seq,
                e.at.isoformat(),
                e.actor_label,
                e.organisation_id,
                e.action,
                e.object_type,
                e.object_id,
                e.case_id or "",
                " ".join(e.fields),
                e.request_id,
                e.hash,
            ]
            for e in events
        )
        return csv_response("audit-trail.csv", header, rows)


@public
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, declared public so it works on the login page too."""
    return django_set_language(request)
