"""The case list, opening a case, the case page with its timeline, and editing the case."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.accounts.models import Organisation
from asap.cases import access, sections, services, tasklist
from asap.cases.enums import PersonRole
from asap.cases.forms import CaseFilterForm, CaseForm, NameSearchForm
from asap.cases.forms_joining import OpenCaseForm
from asap.cases.forms_phase import KINDS, TimelineFilterForm
from asap.cases.views.base import CaseFormView, CaseView, case_roles
from asap.cases.views.imports import IMPORTING_KINDS
from asap.core.roles import CASE_ROLES, Role
from asap.dataprotection import restrictions

PAGE_SIZE = 25
# The case list's parameter that applies the name searched (kept in the session).
BY_NAME = "by_name"
TIMELINE_PAGE_SIZE = 20
LATEST_ENTRIES = 3  # the timeline's latest entries on the case page


@case_roles
class CaseListView(View):
    """The cases a person may list, filtered by code, phase, level, and (POST, then the
    session: never in the address) by a name."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, NameSearchForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        """A search by name: its parts' digests go to the session and the list shows them."""
        name_form = NameSearchForm(request.POST)
        if name_form.is_valid():
            with transaction.atomic():
                found = access.remember_name_search(request, name_form.cleaned_data["name"])
            if found:
                query = request.GET.copy()
                query.pop("page", None)
                query[BY_NAME] = "1"
                return redirect(f"{reverse('cases:list')}?{query.urlencode()}")
            name_form.add_error("name", _("Type a name: letters or digits."))
        return self.render(request, name_form, status=400)

    def render(
        self, request: HttpRequest, name_form: NameSearchForm, status: int = 200
    ) -> HttpResponse:
        form = CaseFilterForm(request.GET or None)
        filters = dict(form.cleaned_data) if form.is_bound and form.is_valid() else {}
        by_name = request.GET.get(BY_NAME) == "1" and request.method == "GET"
        if by_name:
            # An expired session searches for nothing rather than showing every case.
            filters["name_digests"] = access.remembered_name_search(request) or ["-"]
        cases = access.cases_for(request.user, filters=filters)
        page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
        with transaction.atomic():
            rows = access.case_rows(request.user, page.object_list)
        query = request.GET.copy()
        query.pop("page", None)
        without_name = query.copy()
        without_name.pop(BY_NAME, None)
        context = {
            "form": form,
            "name_form": name_form,
            "by_name": by_name,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "query_without_name": without_name.urlencode(),
            "invitations": access.invitations_for(request.user)[:20],
            "may_open": bool(_opening_organisations(request)),
            "may_import": any(
                m.role == Role.COORDINATOR and m.organisation.kind in IMPORTING_KINDS
                for m in request.user.active_memberships
            ),
        }
        return render(request, "cases/list.html", context, status=status)


def _opening_organisations(request: HttpRequest) -> list[int]:
    return [m.organisation_id for m in request.user.active_memberships if m.role in CASE_ROLES]


def _opening_sides(request: HttpRequest) -> dict[int, str]:
    """The side the person takes in a case opened for each organisation they may open for."""
    user = request.user
    return {
        m.organisation_id: access.side_for(
            m.organisation, access.case_role_of(user, m.organisation)
        )
        for m in user.active_memberships
        if m.role in CASE_ROLES
    }


@case_roles
class OpenCaseView(View):
    """Opening a case, and inviting its partner agency in the same submission; a couple whose
    names match an open case of the same organisation is warned of it first (never of
    another organisation's case)."""

    def form(self, request: HttpRequest, data: Any = None) -> OpenCaseForm:
        opening = _opening_organisations(request)
        return OpenCaseForm(
            data,
            organisations=Organisation.objects.filter(pk__in=opening),
            sides=_opening_sides(request),
            partners=services.partners_of(opening),
            confirming=data is not None,
            initial={"organisation": opening[0] if opening else None},
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, self.form(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self.form(request, request.POST)
        if not form.is_valid():
            return self.render(request, form, status=400)
        data = dict(form.cleaned_data)
        if not data.pop("confirm_duplicate"):
            organisation = data["organisation"]
            duplicate = access.duplicate_for(
                request.user,
                organisation=organisation,
                side=access.side_for(organisation, access.case_role_of(request.user, organisation)),
                perpetrator_name=data["perpetrator_name"],
                victim_name=data["victim_name"],
            )
            if duplicate is not None:
                return self.render(request, form, duplicate=duplicate)
        try:
            case = services.open_case_and_invite(actor=request.user, **data)
        except services.SharingRefusedError as refusal:
            form.add_error("invite" if "invite" in form.fields else None, str(refusal))
            return self.render(request, form, status=400)
        if data.get("invite"):
            messages.success(
                request,
                _("The case is open and %(agency)s was invited.") % {"agency": data["invite"].name},
            )
        return redirect("cases:detail", pk=case.pk)

    def render(
        self,
        request: HttpRequest,
        form: OpenCaseForm,
        status: int = 200,
        duplicate: access.Duplicate | None = None,
    ) -> HttpResponse:
        if duplicate is None and "confirm_duplicate" in form.fields:
            del form.fields["confirm_duplicate"]  # asked only after a warning
        context = {
            "duplicate": duplicate,
            "form": form,
            "title": _("Open a joint case"),
            "intro": _(
                "The case gets a pseudonymous code. You become its lead worker. Fields marked "
                "with * are required."
            ),
            "submit_label": _("Open the case"),
        }
        return render(request, "cases/open.html", context, status=status)


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
            "agencies": list(access.agencies_for(case_access)),
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
            # The latest entries show no shares: the timeline's own page reads those.
            latest = list(access.entries_for(case_access).prefetch_related(None)[:LATEST_ENTRIES])
            access.mark_entries(case_access, latest)
            # One read of the checklists and outcome questionnaires for the task list and
            # the children's levels (instruments builds on cases: imported here).
            from asap.instruments.queries import case_page_administrations

            administrations = case_page_administrations(case_access)
            context.update(
                administrations=administrations,
                persons=persons,
                children=[p for p in persons if p.role == PersonRole.CHILD],
                protected=list(access.protected_details_for(case_access)),
                consents=access.consents_kept(case_access),
                latest_entries=latest,
                withheld=access.withheld_by(case_access),
                tasks=tasklist.task_list_for(
                    case_access, context["agencies"], context["today"], administrations
                ),
                level_agreed_at=access.level_agreed_at(case_access),
            )
            context["sections"] = sections.read_sections(case_access, context)
        return render(request, "cases/detail.html", context)


def _timeline_page(case_access: access.CaseAccess, number: Any, filters: dict[str, str]) -> Any:
    """One page of the entries the viewer may read (the policy first), filtered by kind and
    compartment within them."""
    entries = access.entries_for(case_access)
    if filters.get("kind"):
        entries = entries.filter(kind__in=KINDS[filters["kind"]][1])
    if filters.get("compartment"):
        entries = entries.filter(compartment=filters["compartment"])
    page = Paginator(entries, TIMELINE_PAGE_SIZE).get_page(number)
    page.object_list = list(page.object_list)
    access.mark_entries(case_access, page.object_list)
    sections.attach_files(case_access, page.object_list)
    return page


@case_roles
class TimelineView(CaseView):
    """One page of the timeline, filtered by kind and compartment (GET): an htmx fragment,
    or a whole page without JavaScript."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = TimelineFilterForm(request.GET or None, side=self.access.side)
        filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "case": self.access.case,
            "access": self.access,
            "form": form,
            "filtered": bool(filters),
            "query": query.urlencode(),
            "timeline": _timeline_page(self.access, request.GET.get("page"), filters),
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
        initial = {name: getattr(case, name) for name in ["phase", *services.CASE_DATES, "version"]}
        return CaseForm(data, initial=initial)

    def save(self, form: CaseForm) -> None:
        data = dict(form.cleaned_data)
        services.update_case(
            actor=self.request.user,
            access=self.access,
            expected_version=data.pop("version"),
            **data,
        )
