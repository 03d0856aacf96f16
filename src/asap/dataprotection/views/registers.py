"""The record of processing activities (art. 30) and the breach record (art. 33)."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from asap.core.permissions import for_roles
from asap.core.roles import Role
from asap.core.versioning import ConcurrentEditError
from asap.dataprotection import queries
from asap.dataprotection.forms import ActivityForm, BreachForm
from asap.dataprotection.services import registers
from asap.dataprotection.views.retention import chosen_organisation


@for_roles(Role.DATA_PROTECTION_OFFICER)
@method_decorator(reauthentication_required, name="post")
class RegisterView(View):
    """The register of every organisation the officer serves. An organisation without an
    entry is offered the platform's default entries (a POST: the GET only reads)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        activities = list(queries.activities_for(request.user))
        present = {activity.organisation_id for activity in activities}
        return render(
            request,
            "dataprotection/register.html",
            {
                "activities": activities,
                "without_register": [
                    o for o in queries.dpo_organisations(request.user) if o.pk not in present
                ],
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        organisation = chosen_organisation(request)
        registers.ensure_register(actor=request.user, organisation=organisation)
        messages.success(
            request,
            _("The register of %(organisation)s starts from the platform's default entries.")
            % {"organisation": organisation.name},
        )
        return redirect("dataprotection:register")


class EditView(View):
    """Shared by the register entry and the breach record: new (no pk) or edit (pk)."""

    form_class: type = ActivityForm
    template = ""
    fields: list[str] = []
    success = ""

    def find(self, request: HttpRequest, pk: int):
        raise NotImplementedError

    def save(self, request: HttpRequest, obj, values: dict, version):
        raise NotImplementedError

    def make_form(self, request: HttpRequest, obj, **kwargs):
        form = self.form_class(**kwargs)
        if obj is None:
            form.add_organisation(queries.dpo_organisations(request.user))
        return form

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.find(request, pk) if pk else None
        initial = {f: getattr(obj, f) for f in [*self.fields, "version"]} if obj else {}
        return self.show(request, self.make_form(request, obj, initial=initial), obj)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.find(request, pk) if pk else None
        form = self.make_form(request, obj, data=request.POST)
        if form.is_valid():
            values = {f: form.cleaned_data[f] for f in self.fields}
            try:
                self.save(request, obj, values, form.cleaned_data.get("version"))
            except ConcurrentEditError:
                form.add_error(None, _("Someone else changed this record meanwhile."))
                return self.show(request, form, obj, status=409)
            messages.success(request, self.success)
            return redirect(self.back)
        return self.show(request, form, obj, status=400)

    def show(self, request: HttpRequest, form, obj, status: int = 200) -> HttpResponse:
        return render(request, self.template, {"form": form, "object": obj}, status=status)


@for_roles(Role.DATA_PROTECTION_OFFICER)
@method_decorator(reauthentication_required, name="post")
class ActivityEditView(EditView):
    form_class = ActivityForm
    template = "dataprotection/activity_form.html"
    fields = registers.ACTIVITY_FIELDS
    back = "dataprotection:register"
    success = gettext_lazy("The register was saved.")

    def find(self, request, pk):
        activity = queries.activity_for(request.user, pk)
        if activity is None:
            raise Http404
        return activity

    def save(self, request, obj, values, version):
        organisation = obj.organisation if obj else chosen_organisation(request)
        registers.save_activity(
            actor=request.user,
            organisation=organisation,
            activity=obj,
            values=values,
            expected_version=version,
        )


@for_roles(Role.DATA_PROTECTION_OFFICER)
class BreachListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "dataprotection/breaches.html",
            {"breaches": queries.breaches_for(request.user)},
        )


@for_roles(Role.DATA_PROTECTION_OFFICER)
@method_decorator(reauthentication_required, name="post")
class BreachEditView(EditView):
    form_class = BreachForm
    template = "dataprotection/breach_form.html"
    fields = registers.BREACH_FIELDS
    back = "dataprotection:breaches"
    success = gettext_lazy("The breach record was saved.")

    def find(self, request, pk):
        breach = queries.breach_for(request.user, pk)
        if breach is None:
            raise Http404
        return breach

    def save(self, request, obj, values, version):
        organisation = obj.organisation if obj else chosen_organisation(request)
        registers.save_breach(
            actor=request.user,
            organisation=organisation,
            breach=obj,
            values=values,
            expected_version=version,
        )
