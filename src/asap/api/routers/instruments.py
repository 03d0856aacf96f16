"""Instrument definitions and administrations with their answers, read and written as the
pages do: the definitions the caller's organisation uses (the organisation's instruments
page), a case's administrations through `asap.instruments.queries` (the read policy: her
protected and victim-only answers reach the victim side only, her answers to a joint
checklist the other sides only while she consents), starting one as the assessments page
does, and one side's answers through the answer page's form and `services.save_answers`."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from asap.api.errors import StaleVersionError
from asap.api.pagination import PageMeta, page_of
from asap.api.routers import instruments_definitions
from asap.api.writes import Problem, refuse_if_frozen
from asap.cases import access
from asap.core.versioning import ConcurrentEditError
from asap.instruments import agreement, queries, registry, services
from asap.instruments.definition import Definition
from asap.instruments.enums import AdministrationStatus, TimePoint
from asap.instruments.forms import AnswersForm, field_name
from asap.instruments.views.assessments import STARTED_BY
from asap.instruments.views.sections import answered_for, child_labels, unit_title

router = Router()
# GET /instruments: the definitions (a module of their own).
router.add_router("", instruments_definitions.router)


# Administrations -----------------------------------------------------------------------


class ResultOut(Schema):
    section: str
    child_id: int | None
    rule_level: str
    final_level: str
    reason: str


class AgreementOut(Schema):
    agreed: bool
    confirmed: list[str]
    awaiting: list[str]


class AdministrationOut(Schema):
    id: int
    key: str
    definition_version: int
    title: str
    respondent: str
    time_point: str
    due_on: datetime.date | None
    status: str
    opened_at: datetime.datetime
    organisation: str
    version: int
    results: list[ResultOut]
    agreement: AgreementOut | None


class AdministrationList(Schema):
    meta: PageMeta
    items: list[AdministrationOut]


class AnswerOut(Schema):
    item: str
    child_id: int | None
    source: str
    value: Any


class RaisedOut(Schema):
    section: str
    child_id: int | None
    reasons: list[str]


class AdministrationDetail(AdministrationOut):
    may_answer: bool
    answers: list[AnswerOut]
    withheld: list[str]
    raised: list[RaisedOut]


def _administration_out(
    case_access: access.CaseAccess, administration: Any, definition: Definition, required: Any
) -> dict[str, Any]:
    agreed = agreement.agreement_of(case_access, administration, required)
    order = [section.key for section in definition.sections]
    results = sorted(
        administration.results.all(),
        key=lambda r: (
            order.index(r.section) if r.section in order else len(order),
            r.child_id or 0,
        ),
    )
    return {
        "id": administration.pk,
        "key": administration.definition_key,
        "definition_version": administration.definition_version,
        "title": definition.label(),
        "respondent": administration.respondent,
        "time_point": administration.time_point,
        "due_on": administration.due_on,
        "status": administration.status,
        "opened_at": administration.opened_at,
        "organisation": administration.organisation.name,
        "version": administration.version,
        "results": [
            {
                "section": r.section,
                "child_id": r.child_id,
                "rule_level": r.rule_level,
                "final_level": r.final_level,
                "reason": r.reason,
            }
            for r in results
        ],
        "agreement": None
        if agreed is None
        else {
            "agreed": agreed.agreed,
            "confirmed": sorted(agreed.confirmed),
            "awaiting": sorted(agreed.awaiting),
        },
    }


@router.get(
    "/cases/{case_id}/administrations",
    response=AdministrationList,
    url_name="administration_list",
)
def administration_list(request: HttpRequest, case_id: int, page: int = 1) -> dict[str, Any]:
    """The case's administrations the caller may open (not the withdrawn ones), newest
    first, 50 per page, with their agreed levels and who confirmed them."""
    case_access = access.case_for(request.user, case_id, access.READ)
    rows, meta = page_of(queries.administrations_for(case_access), page)
    required = agreement.sides_to_confirm(case_access.case)
    definitions: dict[tuple[str, int, int | None], Definition] = {}
    items = []
    for administration in rows:
        key = (
            administration.definition_key,
            administration.definition_version,
            administration.definition_owner_id,
        )
        if key not in definitions:
            definitions[key] = services.definition_of(administration)
        items.append(_administration_out(case_access, administration, definitions[key], required))
    return {"meta": meta, "items": items}


class _Answering:
    """One administration as the answer page reads it for the caller: the readable answers
    of the items the caller's side has a field for, and the page's form."""

    def __init__(self, case_access: access.CaseAccess, administration_id: int) -> None:
        self.access = case_access
        self.administration = queries.administration_for(case_access, administration_id)
        self.definition = services.definition_of(self.administration)
        self.rows = queries.answer_rows(case_access, self.administration)
        self.answers = queries.by_child(self.rows)
        self.source = services.SOURCE_OF_SIDE[case_access.side]
        self.labels = child_labels(case_access)
        self.children = answered_for(self.definition, self.answers, list(self.labels))
        self.items = services.answerable_items(case_access, self.definition)

    def form(self, data: dict[str, Any] | None = None) -> AnswersForm:
        mine = queries.given_by(self.answers, self.source)
        return AnswersForm(
            data,
            definition=self.definition,
            answers=mine.get(None, {}),
            items=self.items,
            children=self.children,
            child_values=mine,
            initial={"version": self.administration.version},
        )

    def shown(self) -> list[dict[str, Any]]:
        """The answers the page shows: one field's worth per item and child it has."""
        fields = set(self.form().fields)
        return [
            {"item": item, "child_id": child, "source": source, "value": value}
            for child, by_item in self.answers.items()
            for item, by_source in by_item.items()
            if field_name(self.definition.item(item), child) in fields
            for source, value in by_source.items()
        ]

    def out(self) -> dict[str, Any]:
        queries.add_levels(self.access, self.administration)
        required = agreement.sides_to_confirm(self.access.case)
        raised = {}
        if self.administration.status == AdministrationStatus.COMPLETED and self.definition.levels:
            raised = agreement.raised_elsewhere(
                self.access, self.administration, readable=self.rows, children=list(self.labels)
            )
        return {
            **_administration_out(self.access, self.administration, self.definition, required),
            "may_answer": services.may_answer(self.access, self.administration),
            "answers": self.shown(),
            "withheld": sorted(queries.withheld_sides(self.access, self.administration)),
            "raised": [
                {
                    "section": unit_title(self.definition, unit, self.labels),
                    "child_id": unit[1],
                    "reasons": reasons,
                }
                for unit, reasons in raised.items()
            ],
        }


@router.get(
    "/cases/{case_id}/administrations/{administration_id}",
    response=AdministrationDetail,
    url_name="administration_detail",
)
def administration_detail(
    request: HttpRequest, case_id: int, administration_id: int
) -> dict[str, Any]:
    """One administration with the answers the caller's side may read, as its page shows
    them (protected and victim-only answers on the victim side only); `raised` says which
    agreed levels rest on answers the caller does not read, naming the side, never the item."""
    case_access = access.case_for(request.user, case_id, access.READ)
    return _Answering(case_access, administration_id).out()


class StartIn(Schema):
    key: str
    time_point: str = ""
    due_on: datetime.date | None = None


@router.post(
    "/cases/{case_id}/administrations",
    response={200: AdministrationDetail, 201: AdministrationDetail, 422: Problem, 423: Problem},
    url_name="administration_start",
)
def administration_start(request: HttpRequest, case_id: int, payload: StartIn) -> Any:
    """Start an instrument the caller's side starts (a worker's checklist: every side; his
    questionnaire: the perpetrator side; hers: the victim side). A joint checklist already
    open on the case is not started twice: 200 with the open one, to answer for your side."""
    case_access = access.case_for(request.user, case_id, access.READ)
    refuse_if_frozen(case_access)
    if payload.time_point and payload.time_point not in TimePoint.values:
        return Status(422, {"detail": {"time_point": [_("Choose a time point from T0 to T4.")]}})
    startable = {
        a.definition.key
        for a in registry.available(case_access.organisation_id).values()
        if case_access.side in STARTED_BY.get(a.definition.respondent, set())
    }
    if payload.key not in startable:
        raise PermissionDenied("Your side does not start this instrument.")
    try:
        with transaction.atomic():
            started = services.start_administration(
                actor=request.user,
                access=case_access,
                key=payload.key,
                time_point=payload.time_point,
                due_on=payload.due_on,
            )
        status = 201
    except services.AlreadyStartedError as open_one:
        started, status = open_one.administration, 200
    return Status(status, _Answering(case_access, started.pk).out())


class AnswersIn(Schema):
    version: int
    answers: dict[str, Any] = {}
    child_answers: dict[int, dict[str, Any]] = {}


def _form_value(value: Any) -> Any:
    """An answer as the page's form receives it (a scale's number as text)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return str(value)
    return value


@router.put(
    "/cases/{case_id}/administrations/{administration_id}/answers",
    response={200: AdministrationDetail, 409: Problem, 422: Problem, 423: Problem},
    url_name="administration_answers",
)
def administration_answers(
    request: HttpRequest, case_id: int, administration_id: int, payload: AnswersIn
) -> Any:
    """Save the caller's side's answers (`answers`: item → value; `child_answers`: child →
    item → value, for a section answered per child), checked by the answer page's form; the
    items left out keep their answers, null clears one. `version` is the administration's
    as last read: 409 with the current one when someone saved since."""
    case_access = access.case_for(request.user, case_id, access.READ)
    refuse_if_frozen(case_access)
    answering = _Answering(case_access, administration_id)
    if not services.may_answer(case_access, answering.administration):
        raise PermissionDenied("Your side does not answer this, or it is complete.")
    given = {(None, key): value for key, value in payload.answers.items()}
    for child, values in payload.child_answers.items():
        given |= {(child, key): value for key, value in values.items()}
    form = answering.form()
    names = {}
    unknown = {}
    for (child, key), value in given.items():
        where = key if child is None else f"{child}.{key}"
        try:
            name = field_name(answering.definition.item(key), child)
        except StopIteration:
            name = ""
        if name not in form.fields:
            unknown[where] = [_("Not an item your side answers here.")]
            continue
        names[name] = (child, key, where, value)
    if unknown:
        return Status(422, {"detail": unknown})
    data = {name: _form_value(value) for name, (_c, _k, _w, value) in names.items()}
    form = answering.form({**data, "version": payload.version})
    if not form.is_valid():
        errors = {
            names[name][2] if name in names else name: [str(m) for m in messages]
            for name, messages in form.errors.items()
        }
        return Status(422, {"detail": errors})
    answers = {k: v for k, v in form.answers().items() if (None, k) in given}
    child_answers = {
        child: {k: v for k, v in values.items() if (child, k) in given}
        for child, values in form.child_answers().items()
    }
    try:
        with transaction.atomic():
            services.save_answers(
                actor=request.user,
                access=case_access,
                administration=answering.administration,
                answers=answers,
                child_answers={c: v for c, v in child_answers.items() if v},
                expected_version=form.cleaned_data["version"],
                read=answering.rows,
                children=list(answering.labels),
            )
    except ConcurrentEditError:
        current = queries.administration_for(case_access, administration_id, with_levels=False)
        raise StaleVersionError(current.version) from None
    return Status(200, _Answering(case_access, administration_id).out())
