"""Protection orders, proceedings and court conditions on a case: the list of what the reader
may read, recording, reading and changing one. What a reader reads is decided by the read
policy (`queries`), never by the screen."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asap.cases.enums import Side
from asap.cases.views.base import CaseFormView, CaseView, case_roles
from asap.justice import queries, services
from asap.justice.forms import (
    CourtConditionForm,
    CourtRecordForm,
    ProceedingForm,
    ProtectionOrderForm,
    record_initial,
)

LIST_ROWS = 100  # a case has a handful of each; the page shows at most this many of each

INTRO_FOR_SIDE = {
    Side.VICTIM: _(
        "Filed as protected by default: victim side only, never shared. An order protecting "
        "her often names her address or the children's school, and the authority or the court "
        "can locate her. File it as joint only when the programme must know; it then reads it "
        "while she consents."
    ),
    Side.PERPETRATOR: _(
        "Filed as joint by default: the victim side must know of orders against him, his "
        "hearings and his court conditions. Write no address or place that could locate her "
        "or the children."
    ),
    Side.AGENCY: _(
        "Every member of the case reads what you record here. Write no address or place that "
        "could locate her or the children."
    ),
}

# kind → (URL name of its page, template of its page, form, add title, change title)
SCREENS: dict[str, tuple[str, str, type[CourtRecordForm], Any, Any]] = {
    "order": (
        "justice:order",
        "justice/order.html",
        ProtectionOrderForm,
        _("Record a protection order"),
        _("Change a protection order"),
    ),
    "proceeding": (
        "justice:proceeding",
        "justice/proceeding.html",
        ProceedingForm,
        _("Record a court proceeding"),
        _("Change a court proceeding"),
    ),
    "condition": (
        "justice:condition",
        "justice/condition.html",
        CourtConditionForm,
        _("Record a court-ordered programme condition"),
        _("Change a court-ordered programme condition"),
    ),
}


@case_roles
class JusticeView(CaseView):
    """Orders, proceedings and conditions the reader may read; the programme's reports for
    the perpetrator side."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        context = {
            "case": self.access.case,
            "access": self.access,
            "orders": list(queries.orders_for(self.access)[:LIST_ROWS]),
            "proceedings": list(queries.proceedings_for(self.access)[:LIST_ROWS]),
            "conditions": list(queries.conditions_for(self.access)[:LIST_ROWS]),
            "today": timezone.localdate(),
            "reports": (
                list(queries.reports_for(self.access)[:LIST_ROWS])
                if self.access.side == Side.PERPETRATOR
                else None
            ),
        }
        return render(request, "justice/list.html", context)


class RecordMixin:
    kind: str  # "order", "proceeding" or "condition" (`queries.KIND_MODELS`)

    @property
    def model(self) -> Any:
        return queries.KIND_MODELS[self.kind]

    def screen(self) -> tuple[str, str, type[CourtRecordForm], Any, Any]:
        return SCREENS[self.kind]


@case_roles
class RecordView(RecordMixin, CaseView):
    def get(self, request: HttpRequest, pk: int, record_pk: int) -> HttpResponse:
        record = queries.record_for(self.access, self.model, record_pk)
        owned = services.may_change(self.access, record)
        context = {
            "case": self.access.case,
            "access": self.access,
            "record": record,
            "may_change": owned,
            "may_share": owned and record.entry.compartment == self.access.side,
            "shares": queries.shares_of(self.access, record),
        }
        return render(request, self.screen()[1], context)


@case_roles
class AddRecordView(RecordMixin, CaseFormView):
    def get_form(self, data: Any = None) -> CourtRecordForm:
        _url, _template, form_class, self.title, _change = self.screen()
        self.intro = INTRO_FOR_SIDE[self.access.side]
        initial = {"compartment": services.default_compartment(self.access, self.model)}
        return form_class(
            data,
            initial=initial,
            access=self.access,
            compartments=self.access.writable_compartments(),
        )

    def save(self, form: CourtRecordForm) -> None:
        data = dict(form.cleaned_data)
        data.pop("version", None)
        self.record = services.record_court_record(
            actor=self.request.user, access=self.access, model=self.model, **data
        )

    @property
    def success_message(self) -> Any:  # type: ignore[override]
        return _("Recorded.")

    def success_url(self) -> str:
        return reverse(self.screen()[0], args=[self.access.case.pk, self.record.pk])


@case_roles
class EditRecordView(RecordMixin, CaseFormView):
    success_message = _("Saved.")

    def get_form(self, data: Any = None) -> CourtRecordForm:
        _url, _template, form_class, _add, self.title = self.screen()
        self.record = queries.record_for(self.access, self.model, self.kwargs["record_pk"])
        if not services.may_change(self.access, self.record):
            raise PermissionDenied("Only the side that recorded it changes it.")
        self.intro = INTRO_FOR_SIDE[self.access.side]
        form = form_class(
            data,
            initial=record_initial(self.record, form_class),
            access=self.access,
            entry=self.record.entry,
            compartments=self.access.writable_compartments(),
        )
        form.fields["version"].required = True
        return form

    def save(self, form: CourtRecordForm) -> None:
        data = dict(form.cleaned_data)
        services.update_court_record(
            actor=self.request.user,
            access=self.access,
            record=self.record,
            expected_version=data.pop("version"),
            **data,
        )

    def success_url(self) -> str:
        return reverse(self.screen()[0], args=[self.access.case.pk, self.record.pk])


def screens_for(kind: str) -> tuple[Any, Any, Any]:
    """The three views of one kind of record (its page, adding one, changing one)."""
    name = kind.capitalize()
    attrs = {"kind": kind}
    return (
        type(f"{name}View", (RecordView,), attrs).as_view(),
        type(f"Add{name}View", (AddRecordView,), attrs).as_view(),
        type(f"Edit{name}View", (EditRecordView,), attrs).as_view(),
    )
