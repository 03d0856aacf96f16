"""Requests of data subjects: finding the person by name, erasure and the subject-access
export (POST forms behind re-authentication: no link can trigger them)."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from asap.core.permissions import for_roles
from asap.core.roles import Role
from asap.dataprotection import queries, sides
from asap.dataprotection.forms import ErasureForm, NameSearchForm, PersonRequestForm, prefilled
from asap.dataprotection.services.decisions import Restricted, refuse_if_restricted
from asap.dataprotection.services.erasure import PersonNotFound, erase_person
from asap.dataprotection.services.search import find_by_name
from asap.dataprotection.services.subject_access import export_person


def resolve(request: HttpRequest, form: PersonRequestForm, what: str):
    """The officer's access to the case of a valid request form, or (None, status) with the
    reason on the form: 404 when no organisation of theirs takes part in the case (like any
    stranger), 403 when theirs takes part on a side that does not handle this person's data
    (`asap.dataprotection.sides`)."""
    case = queries.case_by_code(request.user, form.cleaned_data["case_code"])
    if case is None:
        form.add_error("case_code", _("No case of your organisation has this code."))
        return None, 404
    try:
        return sides.officer_access(request.user, case, what, form.cleaned_data["person"]), 200
    except sides.NotYourSide as refused:
        form.add_error(None, str(refused))
        return None, 403


@for_roles(Role.DATA_PROTECTION_OFFICER)
@method_decorator(reauthentication_required, name="dispatch")
class FindView(View):
    """Find a data subject of the officer's organisations by name (a POST: the name never
    travels in a URL)."""

    template = "dataprotection/find.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template, {"form": NameSearchForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = NameSearchForm(request.POST)
        if not form.is_valid():
            return render(request, self.template, {"form": form}, status=400)
        found = find_by_name(actor=request.user, name=form.cleaned_data["name"])
        # The answer holds case codes and roles, never the name: the form comes back empty.
        context = {"form": NameSearchForm(), "found": found, "searched": True}
        response = render(request, self.template, context)
        response["Cache-Control"] = "no-store"
        return response


@for_roles(Role.DATA_PROTECTION_OFFICER)
@method_decorator(reauthentication_required, name="dispatch")
class ErasureView(View):
    """Erase one person's data on request."""

    template = "dataprotection/erasure.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template, {"form": ErasureForm(initial=prefilled(request.GET))})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ErasureForm(request.POST)
        access, status = resolve(request, form, sides.ERASURE) if form.is_valid() else (None, 400)
        if access:
            try:
                refuse_if_restricted(access)
                done = erase_person(
                    actor=request.user,
                    access=access,
                    person=form.cleaned_data["person"],
                    reference=form.cleaned_data["reference"],
                )
            except PersonNotFound:
                form.add_error("person", _("This case has no such person."))
                status = 400
            except Restricted as restricted:
                form.add_error(None, str(restricted))
                status = 409
            else:
                messages.success(
                    request,
                    _("The data of %(person)s of case %(code)s was erased.")
                    % {"person": done.get_person_display(), "code": done.case_code},
                )
                return redirect("dataprotection:index")
        return render(request, self.template, {"form": form}, status=status)


@for_roles(Role.DATA_PROTECTION_OFFICER)
@method_decorator(reauthentication_required, name="dispatch")
class SubjectAccessView(View):
    """A ZIP (JSON + PDF) of everything held about one person."""

    template = "dataprotection/subject_access.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = PersonRequestForm(initial=prefilled(request.GET))
        return render(request, self.template, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PersonRequestForm(request.POST)
        access, status = resolve(request, form, sides.ACCESS) if form.is_valid() else (None, 400)
        if access:
            try:
                filename, archive = export_person(
                    actor=request.user,
                    access=access,
                    person=form.cleaned_data["person"],
                    reference=form.cleaned_data["reference"],
                )
            except PersonNotFound:
                form.add_error("person", _("This case has no such person."))
                status = 400
            else:
                response = HttpResponse(archive, content_type="application/zip")
                response["Content-Disposition"] = f'attachment; filename="{filename}"'
                response["Cache-Control"] = "no-store"
                return response
        return render(request, self.template, {"form": form}, status=status)
