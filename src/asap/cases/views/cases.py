"""The case list, opening a case, the case page with its timeline, and editing the case."""

from typing import Any

from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.accounts.models import Organisation
from asap.cases import access, services
from asap.cases.enums import PersonRole
from asap.cases.forms import CaseFilterForm, CaseForm, OpenCaseForm
from asap.cases.views.base import CaseFormView, CaseView, case_roles
from asap.core.roles import CASE_ROLES
from asap.dataprotection import restrictions

PAGE_SIZE = 25
TIMELINE_PAGE_SIZE = 20


@case_roles
class CaseListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = CaseFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        cases = access.cases_for(request.user, filters=filters)
        page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
        with transaction.atomic():
            rows = access.case_rows(request.user, page.object_list)
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "invitations": access.invitations_for(request.user)[:20],
            "may_open": bool(_opening_organisations(request)),
        }
        return render(request, "cases/list.html", context)


def _opening_organisations(request: HttpRequest) -> list[int]:
    return [m.organisation_id for m in request.user.active_memberships if m.role in CASE_ROLES]


@case_roles
class OpenCaseView(View):
    def form(self, request: HttpRequest, data: Any = None) -> OpenCaseForm:
        organisations = Organisation.objects.filter(pk__in=_opening_organisations(request))
        return OpenCaseForm(data, organisations=organisations)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, self.form(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self.form(request, request.POST)
        if not form.is_valid():
            return self.render(request, form, status=400)
        case = services.open_case(actor=request.user, **form.cleaned_data)
        return redirect("cases:detail", pk=case.pk)

    def render(self, request: HttpRequest, form: OpenCaseForm, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "title": _("Open a joint case"),
            "intro": _(
                "The case gets a pseudonymous code. You become its lead worker; invite the "
                "partner agency from the case page."
            ),
            "submit_label": _("Open the case"),
        }
        return render(request, "cases/form.html", context, status=status)


@case_roles
class CaseDetailView(CaseView):
    """Members see the content their side may read; a coordinator who is not a member sees
    the case's metadata only."""

    action = access.METADATA

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case_access = self.access
        context: dict[str, Any] = {
            "case": case_access.case,
            "access": case_access,
            "agencies": access.agencies_for(case_access),
            "members": access.members_for(case_access),
            "today": timezone.localdate(),
            "notices": restrictions.notices(
                restrictions.in_force(
                    case_access.case.pk,
                    known_none=not getattr(case_access.case, "restricted", True),
                ),
                case_access.side,
            ),
        }
        if not case_access.is_member:
            access.record_read(case_access, "case_metadata", ["code", "phase", "risk_level"])
        else:
            access.record_read(case_access, "case", ["persons", "timeline"])
            persons = access.persons_for(case_access)
            context.update(
                persons=persons,
                children=[p for p in persons if p.role == PersonRole.CHILD],
                protected=access.protected_details_for(case_access),
                consents=access.consents_for(case_access),
                timeline=_timeline_page(case_access, 1),
                withheld=access.withheld_by(case_access),
            )
        return render(request, "cases/detail.html", context)


def _timeline_page(case_access: access.CaseAccess, number: Any) -> Any:
    page = Paginator(access.entries_for(case_access), TIMELINE_PAGE_SIZE).get_page(number)
    access.mark_entries(case_access, page.object_list)
    return page


@case_roles
class TimelineView(CaseView):
    """One page of the timeline: an htmx fragment, or a whole page without JavaScript."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        context = {
            "case": self.access.case,
            "access": self.access,
            "timeline": _timeline_page(self.access, request.GET.get("page")),
        }
        if request.headers.get("HX-Request"):
            return render(request, "cases/timeline.html#timeline-page", context)
        context["withheld"] = access.withheld_by(self.access)
        return render(request, "cases/timeline.html", context)


@case_roles
class EditCaseView(CaseFormView):
    title = _("Change the case details")
    success_message = _("The case details were saved.")

    def get_form(self, data: Any = None) -> CaseForm:
        case = self.access.case
        initial = {
            name: getattr(case, name)
            for name in ["phase", "status", *services.CASE_DATES, "version"]
        }
        return CaseForm(data, initial=initial)

    def save(self, form: CaseForm) -> None:
        data = dict(form.cleaned_data)
        services.update_case(
            actor=self.request.user,
            access=self.access,
            expected_version=data.pop("version"),
            **data,
        )
