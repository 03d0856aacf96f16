"""Attachments on a case: the list, attaching a file (to the case or to a record), the
download, and removal by the side that attached it. What a viewer reads is decided by the
barrier (`queries`); every download and every upload leaves an audit row (`services`)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from asap.attachments import queries, services
from asap.attachments.forms import AttachForm, RemoveForm
from asap.attachments.rules import compartments_for
from asap.cases import access
from asap.cases.views.base import CaseFormView, CaseView, case_roles
from asap.core.uploads import UploadRefusedError

PAGE_SIZE = 30
# A file is never shown in the platform's pages: downloaded, not rendered, not sniffed, and
# sandboxed should a browser render it anyway.
DOWNLOAD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "no-store, private",
    "Referrer-Policy": "no-referrer",
}


@case_roles
class AttachmentListView(CaseView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        page = Paginator(queries.attachments_for(self.access), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context = {"case": self.access.case, "access": self.access, "page": page}
        return render(request, "attachments/list.html", context)


@case_roles
class AttachView(CaseFormView):
    """Attach a file to the case, or (with `entry_pk`) to one record the viewer reads."""

    template_name = "attachments/form.html"
    title = _("Attach a file")
    submit_label = _("Attach the file")
    success_message = _("The file was attached.")

    def get_form(self, data: Any = None) -> AttachForm:
        self.record = None
        if "entry_pk" in self.kwargs:
            self.record = queries.record_for(self.access, self.kwargs["entry_pk"])
        compartments = compartments_for(self.access, self.record)
        if not compartments:
            raise PermissionDenied("No compartment of this side is as narrow as the record's.")
        files = self.request.FILES if data is not None else None
        return AttachForm(data, files, compartments=compartments, access=self.access)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            self.attachment = services.attach_file(
                actor=request.user,
                access=self.access,
                title=form.cleaned_data["title"],
                file_name=form.cleaned_data["file"].name,
                content=form.content,
                compartment=form.cleaned_data["compartment"],
                record=self.record,
            )
        except UploadRefusedError as refusal:
            form.add_error("file", str(refusal))
            return self.render(form, status=400)
        messages.success(request, self.success_message)
        return redirect(self.success_url())

    def context(self) -> dict[str, Any]:
        return {"record": self.record}

    def success_url(self) -> str:
        return reverse("attachments:list", args=[self.access.case.pk])


@case_roles
class DownloadView(CaseView):
    """The file, as a download only, with its detected type (never the uploader's). Its read
    is audited once, as `attachment.read` (`services.open_file`), not also as `case.read`."""

    action = access.READ_RECORDED_BY_VIEW

    def get(self, request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
        attachment = queries.attachment_for(self.access, attachment_pk)
        content = services.open_file(access=self.access, attachment=attachment)
        if content is None:
            context = {"case": self.access.case}
            return render(request, "attachments/erased.html", context, status=410)
        response = HttpResponse(content, content_type=attachment.media_type)
        response["Content-Disposition"] = content_disposition_header(True, attachment.download_name)
        for header, value in DOWNLOAD_HEADERS.items():
            response[header] = value
        return response


@case_roles
class RemoveView(CaseFormView):
    template_name = "attachments/remove.html"
    title = _("Remove a file")
    submit_label = _("Remove the file")
    success_message = _("The file was removed.")

    def get_form(self, data: Any = None) -> RemoveForm:
        self.attachment = queries.attachment_for(self.access, self.kwargs["attachment_pk"])
        if not services.may_remove(self.access, self.attachment):
            raise PermissionDenied("Only the side that attached a file removes it.")
        return RemoveForm(data)

    def context(self) -> dict[str, Any]:
        return {"attachment": self.attachment}

    def save(self, form: RemoveForm) -> None:
        services.remove_attachment(
            actor=self.request.user, access=self.access, attachment=self.attachment
        )

    def success_url(self) -> str:
        return reverse("attachments:list", args=[self.access.case.pk])
