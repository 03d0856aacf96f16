"""Importing an existing caseload: the upload page and the template files (coordinators of a
perpetrator programme or a victim support service, for their own organisation)."""

import csv
import io
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from asap.accounts.enums import OrganisationKind
from asap.cases import caseload
from asap.cases.forms import StyledForm
from asap.cases.services.imports import import_caseload
from asap.core.exporters import safe_cell
from asap.core.permissions import for_roles
from asap.core.roles import Role
from asap.core.uploads import MAX_WORKBOOK_BYTES, size_label

coordinators = for_roles(Role.COORDINATOR)
IMPORTING_KINDS = (OrganisationKind.PERPETRATOR_PROGRAMME, OrganisationKind.VICTIM_SUPPORT_SERVICE)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CaseloadForm(StyledForm):
    file = forms.FileField(
        label=_("Caseload file (CSV or XLSX)"),
        help_text=lazy(
            lambda: (
                gettext(
                    "At most %(rows)d cases; a CSV in UTF-8, separated by commas or semicolons."
                )
                % {"rows": caseload.MAX_ROWS}
            ),
            str,
        )(),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or an .xlsx file."))
        if upload.size > MAX_WORKBOOK_BYTES:  # the larger of the two limits; read() checks
            raise forms.ValidationError(
                _("The file is larger than %(limit)s.") % {"limit": size_label(MAX_WORKBOOK_BYTES)}
            )
        return upload


def importing_organisation(request: HttpRequest) -> Any:
    """The first perpetrator programme or victim support service the user coordinates."""
    for organisation in request.user.organisations_where(Role.COORDINATOR):
        if organisation.kind in IMPORTING_KINDS:
            return organisation
    raise PermissionDenied("Only a programme's or a support service's coordinator imports.")


@coordinators
class ImportView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        organisation = importing_organisation(request)
        return self.render(request, organisation, CaseloadForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        organisation = importing_organisation(request)
        form = CaseloadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, organisation, form, status=400)
        upload = form.cleaned_data["file"]
        result = caseload.read(upload.read(), upload.name, organisation)
        if result.errors:
            context = {"errors": result.errors}
            return self.render(request, organisation, form, status=400, **context)
        opened = import_caseload(actor=request.user, organisation=organisation, rows=result.cases)
        context = {"organisation": organisation, "opened": opened}
        return render(request, "cases/import_done.html", context)

    def render(
        self,
        request: HttpRequest,
        organisation: Any,
        form: CaseloadForm,
        status: int = 200,
        **extra: Any,
    ) -> HttpResponse:
        context = {
            "organisation": organisation,
            "form": form,
            "columns": caseload.COLUMNS,
            "max_rows": caseload.MAX_ROWS,
            **extra,
        }
        return render(request, "cases/import.html", context, status=status)


@coordinators
class TemplateCsvView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        importing_organisation(request)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for line in caseload.template_rows():
            writer.writerow([safe_cell(v) for v in line])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="caseload-template.csv"'
        return response


@coordinators
class TemplateXlsxView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        from openpyxl import Workbook

        importing_organisation(request)
        book = Workbook()
        sheet = book.active
        sheet.title = "caseload"
        for line in caseload.template_rows():
            sheet.append([safe_cell(v) for v in line])
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="caseload-template.xlsx"'
        return response
