"""Action plans, their actions, and recidivism episodes (`plans_episodes`).

The action plan is read as its page shows it to the reader (`asap.plans.queries.actions_for`:
a victim-side row, and her joint rows without her consent, never reach the other sides);
actions are added and changed through the page's forms and `asap.plans.services`.
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import ChoiceField
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from asap.api.errors import StaleVersionError
from asap.api.pagination import PageMeta, page_of
from asap.api.routers import plans_episodes
from asap.api.writes import (
    Problem,
    closed_refusal,
    form_errors,
    form_value,
    refusal_errors,
    refuse_if_frozen,
)
from asap.cases import access
from asap.cases.enums import Compartment
from asap.cases.services import CaseClosedError
from asap.core.versioning import ConcurrentEditError
from asap.plans import queries, services
from asap.plans.forms import ActionForm, EditActionForm
from asap.plans.models import ActionItem

router = Router()
router.add_router("", plans_episodes.router)

FORM_FIELDS = (
    "need",
    "action",
    "term",
    "responsible",
    "responsible_user",
    "child",
    "status",
    "dropped_reason",
)


class ActionOut(Schema):
    id: int
    need: str
    action: str
    term: date
    responsible: str
    responsible_user: int | None
    reminded: str
    child: int | None
    child_label: str
    status: str
    dropped_reason: str
    compartment: str
    overdue: bool
    last_changed_by: str
    last_changed_at: datetime
    version: int


class PlanOut(Schema):
    meta: PageMeta
    withheld: list[str]
    items: list[ActionOut]


class ActionIn(Schema):
    """A new row of the plan, as the page's form takes it."""

    need: str = ""
    action: str = ""
    term: date | None = None
    responsible: str = ""
    responsible_user: int | None = None
    child: int | None = None
    compartment: str = Compartment.JOINT


class ActionChange(Schema):
    """A change to a row: `version` as read, and the fields to change (the others stay)."""

    version: int
    need: str | None = None
    action: str | None = None
    term: date | None = None
    responsible: str | None = None
    responsible_user: int | None = None
    child: int | None = None
    status: str | None = None
    dropped_reason: str | None = None


def action_out(item: ActionItem, today: date) -> ActionOut:
    reminded = item.responsible_user
    return ActionOut(
        id=item.pk,
        need=item.need,
        action=item.action,
        term=item.term,
        responsible=item.responsible,
        responsible_user=item.responsible_user_id,
        reminded=reminded.get_full_name() if reminded else "",
        child=item.child_id,
        child_label=item.child.label if item.child_id else "",
        status=item.status,
        dropped_reason=item.dropped_reason if item.status == "dropped" else "",
        compartment=item.compartment,
        overdue=queries.is_overdue(item, today),
        last_changed_by=item.last_changed_by.get_full_name() if item.last_changed_by else "",
        last_changed_at=item.last_changed_at,
        version=item.version,
    )


@router.get("/cases/{case_id}/plan", response=PlanOut, url_name="plan_detail")
def plan_detail(request: HttpRequest, case_id: int, page: int = 1) -> PlanOut:
    """The action plan's rows the reader's side may read, unfinished first, by term, 50 per
    page; `withheld` names the sides whose rows a consent not in force keeps from the reader."""
    case_access = access.case_for(request.user, case_id, access.READ)
    today = timezone.localdate()
    items, meta = page_of(queries.actions_for(case_access), page)
    return PlanOut(
        meta=meta,
        withheld=sorted(queries.withheld_sides(case_access)),
        items=[action_out(item, today) for item in items],
    )


def _child(case_access: access.CaseAccess, pk: int | None) -> Any:
    return access.child_record(case_access, pk) if pk else None


def _unknown_compartment(form: ActionForm, compartment: str) -> dict[str, Any] | None:
    """The form asks where to file only those who may choose (the victim side): anyone else
    files in the joint plan, and naming another compartment is refused, not ignored."""
    if "compartment" in form.fields or compartment in ("", Compartment.JOINT):
        return None
    message = ChoiceField.default_error_messages["invalid_choice"] % {"value": compartment}
    return {"detail": {"compartment": [str(message)]}}


@router.post(
    "/cases/{case_id}/plan/actions",
    response={201: ActionOut, 422: Problem},
    url_name="plan_action_add",
)
def plan_action_add(request: HttpRequest, case_id: int, payload: ActionIn) -> Any:
    """Add a row to the action plan (the joint plan; the victim side may file it as its own),
    validated as the page's form; 422 names each refused field."""
    case_access = access.case_for(request.user, case_id, access.READ)
    refuse_if_frozen(case_access)
    data = {name: form_value(value) for name, value in payload.dict().items()}
    form = ActionForm(
        data,
        workers=queries.reminded_choices(case_access),
        compartments=queries.filing_compartments(case_access),
        children=access.children_of(case_access),
        access=case_access,
    )
    refused = _unknown_compartment(form, payload.compartment)
    if refused:
        return Status(422, refused)
    if not form.is_valid():
        return Status(422, form_errors(form))
    values = dict(form.cleaned_data)
    try:
        with transaction.atomic():
            values["child"] = _child(case_access, values.get("child"))
            item = services.add_action(actor=request.user, access=case_access, **values)
    except ValidationError as error:
        return Status(422, refusal_errors(error, form))
    except CaseClosedError:
        raise closed_refusal() from None
    return Status(201, action_out(queries.action_for(case_access, item.pk), timezone.localdate()))


@router.put(
    "/cases/{case_id}/plan/actions/{action_id}",
    response={200: ActionOut, 422: Problem},
    url_name="plan_action_update",
)
def plan_action_update(
    request: HttpRequest, case_id: int, action_id: int, payload: ActionChange
) -> Any:
    """Change a row the reader's side may read (its compartment stays), validated as the
    page's form; a dropped action needs its reason. 409 with the current version when the
    row changed since `version`."""
    case_access = access.case_for(request.user, case_id, access.READ)
    refuse_if_frozen(case_access)
    item = queries.action_for(case_access, action_id)
    data = {
        "need": item.need,
        "action": item.action,
        "term": item.term,
        "responsible": item.responsible,
        "responsible_user": item.responsible_user_id,
        "child": item.child_id,
        "status": item.status,
        "dropped_reason": item.dropped_reason,
    }
    sent = payload.dict(exclude_unset=True)
    data |= {name: sent[name] for name in FORM_FIELDS if name in sent}
    data["version"] = payload.version
    form = EditActionForm(
        {name: form_value(value) for name, value in data.items()},
        workers=queries.reminded_choices(case_access),
        compartments=[item.compartment],
        children=access.children_of(case_access),
        compartment=item.compartment,
        access=case_access,
    )
    if not form.is_valid():
        return Status(422, form_errors(form))
    values = dict(form.cleaned_data)
    values.pop("compartment", None)
    try:
        with transaction.atomic():
            values["child"] = _child(case_access, values.get("child"))
            services.update_action(
                actor=request.user,
                access=case_access,
                item=item,
                expected_version=values.pop("version"),
                **values,
            )
    except ConcurrentEditError:
        current = queries.action_for(case_access, action_id).version
        raise StaleVersionError(current) from None
    except ValidationError as error:
        return Status(422, refusal_errors(error, form))
    except CaseClosedError:
        raise closed_refusal() from None
    return Status(200, action_out(queries.action_for(case_access, action_id), timezone.localdate()))
