"""Requests of data subjects: erasure and the subject-access export (both POST forms behind
re-authentication: no link can trigger them)."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from asap.core.permissions import for_roles
from asap.core.roles import Role
from asap.dataprotection import queries
from asap.dataprotection.forms import ErasureForm, PersonRequestForm
from asap.dataprotection.services.erasure import PersonNotFound, erase_person
from asap.dataprotection.services.subject_access import export_person


def _resolve(request: HttpRequest, form: PersonRequestForm):
    """The case and the acting organisation of a valid request form, or None with errors."""
    case = queries.case_by_code(request.user, form.cleaned_data["case_code"])
    if case is None:
        form.add_error("case_code", _("No case of your organisation has this code."))
        return None
    return case, queries.organisation_for_case(request.user, case)


@for_roles(Role.DATA_PROTECTION_OFFICER)
@method_decorator(reauthentication_required, name="dispatch")
class ErasureView(View):
    """Erase one person's data on request."""

    template = "dataprotection/erasure.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template, {"form": ErasureForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ErasureForm(request.POST)
        resolved = _resolve(request, form) if form.is_valid() else None
        if resolved:
            case, organisation = resolved
            try:
                done = erase_person(
                    actor=request.user,
                    organisation=organisation,
                    case=case,
                    person=form.cleaned_data["person"],
                    reference=form.cleaned_data["reference"],
                )
            except PersonNotFound:
                form.add_error("person", _("This case has no such person."))
            else:
                messages.success(
                    request,
                    _("The data of %(person)s of case %(code)s was erased.")
                    % {"person": done.get_person_display(), "code": done.case_code},
                )
                return redirect("dataprotection:index")
        return render(request, self.template, {"form": form}, status=400)


@for_roles(Role.DATA_PROTECTION_OFFICER)
@method_decorator(reauthentication_required, name="dispatch")
class SubjectAccessView(View):
    """A ZIP (JSON + PDF) of everything held about one person."""

    template = "dataprotection/subject_access.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template, {"form": PersonRequestForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PersonRequestForm(request.POST)
        resolved = _resolve(request, form) if form.is_valid() else None
        if resolved:
            case, organisation = resolved
            try:
                filename, archive = export_person(
                    actor=request.user,
                    organisation=organisation,
                    case=case,
                    person=form.cleaned_data["person"],
                    reference=form.cleaned_data["reference"],
                )
            except PersonNotFound:
                form.add_error("person", _("This case has no such person."))
            else:
                response = HttpResponse(archive, content_type="application/zip")
                response["Content-Disposition"] = f'attachment; filename="{filename}"'
                response["Cache-Control"] = "no-store"
                return response
        return render(request, self.template, {"form": form}, status=400)
