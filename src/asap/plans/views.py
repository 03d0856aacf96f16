"""The plans of a case: the action plan (its rows, adding and changing one, the plans kept
after meetings, the PDF) and the IT safety plan (its page and its form)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asap.cases import access
from asap.cases.views.base import CaseFormView, CaseView, case_roles
from asap.core import rendered
from asap.core.pdf import pdf_response
from asap.plans import queries, services
from asap.plans.forms import ActionForm, EditActionForm, SafetyPlanForm

PAGE_SIZE = 25
PDF_ROWS = 500  # a plan longer than this is not a plan anyone can act on


class PlanFormView(CaseFormView):
    """A form on the plans: a rule the service finds broken (a worker who left the case
    meanwhile) is shown next to the field, like the form's own errors."""

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        try:
            return super().post(request, **kwargs)
        except ValidationError as error:
            form = self.get_form(request.POST)
            form.is_valid()
            for name, messages in error.message_dict.items():
                form.add_error(name if name in form.fields else None, messages)
            return self.render(form, status=400)

    def success_url(self) -> str:
        return reverse("plans:list", args=[self.access.case.pk])


@case_roles
class PlanView(CaseView):
    """The action plan: every row the viewer's side may read, pending first, overdue marked."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        today = timezone.localdate()
        page = Paginator(queries.actions_for(self.access), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context = {
            "case": self.access.case,
            "access": self.access,
            "page": page,
            "rows": [(item, queries.is_overdue(item, today)) for item in page.object_list],
            "today": today,
            "withheld": queries.withheld_sides(self.access),
        }
        return render(request, "plans/plan.html", context)


@case_roles
class AddActionView(PlanFormView):
    title = _("Add an action")
    intro = _(
        "A row of the action plan: the protection or support need, the action, its term and "
        "the person or agency responsible."
    )
    template_name = "plans/action_form.html"
    success_message = _("The action was added to the plan.")

    def get_form(self, data: Any = None) -> ActionForm:
        return ActionForm(
            data,
            workers=queries.reminded_choices(self.access),
            compartments=queries.filing_compartments(self.access),
            children=access.children_of(self.access),
            access=self.access,
        )

    def save(self, form: ActionForm) -> None:
        values = dict(form.cleaned_data)
        values["child"] = _child(self.access, values.get("child"))
        services.add_action(actor=self.request.user, access=self.access, **values)

    def success_url(self) -> str:
        """The plan; or, for "Save and add another", an empty form for the next action."""
        if self.request.POST.get("add_another"):
            added = _count(self.request.GET.get("added")) + 1
            return f"{reverse('plans:add', args=[self.access.case.pk])}?added={added}"
        return super().success_url()

    def context(self) -> dict[str, Any]:
        return {"added": _count(self.request.GET.get("added"))}


def _count(value: str | None) -> int:
    """The actions added in a row with "Save and add another" (said on the form)."""
    return int(value) if value and value.isdigit() and len(value) < 4 else 0


def _child(case_access: access.CaseAccess, pk: int | None) -> Any:
    """The child row a chosen label stands for, through the door (the form offered only
    the case's children)."""
    return access.child_record(case_access, pk) if pk else None


@case_roles
class EditActionView(PlanFormView):
    title = _("Change an action")
    success_message = _("The action was saved.")

    def get_form(self, data: Any = None) -> EditActionForm:
        self.item = queries.action_for(self.access, self.kwargs["item_pk"])
        item = self.item
        initial = {
            "need": item.need,
            "action": item.action,
            "term": item.term,
            "responsible": item.responsible,
            "responsible_user": item.responsible_user_id,
            "child": item.child_id,
            "status": item.status,
            "dropped_reason": item.dropped_reason,
            "version": item.version,
        }
        return EditActionForm(
            data,
            workers=queries.reminded_choices(self.access),
            compartments=[item.compartment],
            children=access.children_of(self.access),
            compartment=item.compartment,
            initial=initial,
            access=self.access,
        )

    def save(self, form: EditActionForm) -> None:
        values = dict(form.cleaned_data)
        values.pop("compartment", None)
        values["child"] = _child(self.access, values.get("child"))
        services.update_action(
            actor=self.request.user,
            access=self.access,
            item=self.item,
            expected_version=values.pop("version"),
            **values,
        )

    def context(self) -> dict[str, Any]:
        return {"intro": queries.FILED_IN.get(self.item.compartment, "")}


@case_roles
class SnapshotsView(CaseView):
    """The plans kept after meetings, newest first."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        page = Paginator(queries.snapshots_for(self.access), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context = {"case": self.access.case, "access": self.access, "page": page}
        return render(request, "plans/snapshots.html", context)


@case_roles
class SnapshotView(CaseView):
    """One plan as it stood after a meeting."""

    def get(self, request: HttpRequest, pk: int, snapshot_pk: int) -> HttpResponse:
        snapshot = queries.snapshot_for(self.access, snapshot_pk)
        context = {
            "case": self.access.case,
            "access": self.access,
            "snapshot": snapshot,
            "rows": queries.snapshot_rows(snapshot, self.access),
            "withheld": queries.snapshot_withheld(snapshot, self.access),
        }
        return render(request, "plans/snapshot.html", context)


@case_roles
class PlanPdfView(CaseView):
    """The action plan as a PDF: the rows the viewer's side may read, nothing more."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        today = timezone.localdate()
        access.record_read(self.access, "action_plan_export", ["action_plan"])
        items = list(queries.actions_for(self.access)[:PDF_ROWS])
        context = {
            "case": self.access.case,
            "access": self.access,
            "rows": [(item, queries.is_overdue(item, today)) for item in items],
            "today": today,
            "withheld": queries.withheld_sides(self.access),
            # The day, not the minute: the overdue marks are the day's, and the PDF is kept
            # (`asap.core.rendered`) until a row, a mark or the day changes.
            "printed_on": today,
        }
        pdf = rendered.pdf_for(
            self.access,
            kind="action_plan",
            object_id=self.access.case.pk,
            template="plans/plan_print.html",
            context=context,
            request=request,
        )
        return pdf_response(f"action-plan-{self.access.case.code}.pdf", pdf)


@case_roles
class SafetyPlanView(CaseView):
    """The IT safety plan: the victim side reads it all, with the screening's "yes" items as
    prompts; the other sides read the accountability area only."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        administration, prompts = queries.screening_prompts(self.access)
        context = {
            "case": self.access.case,
            "access": self.access,
            "safety": queries.safety_plan_for(self.access),
            "screening": administration,
            "prompts": prompts,
        }
        return render(request, "plans/safety_plan.html", context)


@case_roles
class EditSafetyPlanView(PlanFormView):
    template_name = "plans/safety_form.html"
    title = _("Change the IT safety plan")
    success_message = _("The IT safety plan was saved.")

    def get_form(self, data: Any = None) -> SafetyPlanForm:
        self.safety = queries.safety_plan_for(self.access)
        plan = self.safety.plan
        fields = services.safety_fields_for(self.access)
        initial = {name: getattr(plan, name) for name in fields}
        return SafetyPlanForm(data, fields=fields, initial={**initial, "version": plan.version})

    def save(self, form: SafetyPlanForm) -> None:
        services.save_safety_plan(
            actor=self.request.user,
            access=self.access,
            expected_version=form.cleaned_data["version"],
            **form.values(),
        )

    def success_url(self) -> str:
        return reverse("plans:safety", args=[self.access.case.pk])

    def context(self) -> dict[str, Any]:
        administration, prompts = queries.screening_prompts(self.access)
        return {"access": self.access, "prompts": prompts, "screening": administration}
