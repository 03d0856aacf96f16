"""Persons, notes and the timeline of a case, read and written as the case page does: the
persons through `access.persons_for` (a name only where the reader's side may read it), her
protected details for the victim side only, the timeline through `access.entries_for` (the
read policy: compartments, her consent, shares), and notes through the note form and
`services.add_note`."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from asap.api.pagination import PageMeta, page_of
from asap.api.writes import Problem, closed_refusal, form_errors, refuse_if_frozen
from asap.cases import access, services
from asap.cases.enums import EntryKind, PersonRole
from asap.cases.forms import NoteForm
from asap.cases.forms_phase import KINDS, TimelineFilterForm
from asap.cases.models import Person, TimelineEntry
from asap.cases.services.frozen import CaseClosedError

router = Router()

# The entries whose text the timeline shows (the page: a note's, and the reason a case was
# closed or reopened); every other event shows its kind and title only.
WITH_BODY = {EntryKind.NOTE, EntryKind.CASE_CLOSED, EntryKind.CASE_REOPENED}


# Persons -------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    role: str
    label: str
    name: str | None
    name_visible: bool
    year_of_birth: int | None
    gender: str
    version: int
    ready_to_assess: bool | None


class ProtectedDetailOut(Schema):
    id: int
    kind: str
    value: str
    version: int
    recorded_at: datetime


class PersonDetailOut(PersonOut):
    protected_details: list[ProtectedDetailOut] | None


def _person_out(person: access.PersonView, genders: dict[int, str]) -> dict[str, Any]:
    preparation = person.preparation
    return {
        "id": person.pk,
        "role": person.role,
        "label": str(person.label),
        "name": person.name if person.name_visible else None,
        "name_visible": person.name_visible,
        "year_of_birth": person.year_of_birth,
        "gender": genders.get(person.pk, ""),
        "version": person.version,
        "ready_to_assess": (
            bool(preparation and preparation.is_ready) if person.role == PersonRole.CHILD else None
        ),
    }


def _genders(case_access: access.CaseAccess) -> dict[int, str]:
    """Each person's gender as stored (every member reads it), through the policy."""
    return dict(Person.objects.visible_to(case_access).values_list("pk", "gender"))


@router.get("/cases/{case_id}/persons", response=list[PersonOut], url_name="person_list")
def person_list(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    """The case's persons as the case page shows them: a name only where the caller's side
    may read it, else the label ("The woman", "Child 1"). Members only."""
    case_access = access.case_for(request.user, case_id, access.READ_RECORDED_BY_VIEW)
    access.record_read(case_access, "case", ["persons"])
    genders = _genders(case_access)
    return [_person_out(person, genders) for person in access.persons_for(case_access)]


@router.get(
    "/cases/{case_id}/persons/{person_id}", response=PersonDetailOut, url_name="person_detail"
)
def person_detail(request: HttpRequest, case_id: int, person_id: int) -> dict[str, Any]:
    """One person; for the victim side also her (or the child's) protected details, which no
    other side reads (`protected_details` is null for them)."""
    case_access = access.case_for(request.user, case_id, access.READ_RECORDED_BY_VIEW)
    person = next((p for p in access.persons_for(case_access) if p.pk == person_id), None)
    with_details = person is not None and case_access.is_victim_side
    # One row naming what is answered, before her details are read (the door leaves it here).
    fields = ["persons", "protected_details"] if with_details else ["persons"]
    access.record_read(case_access, "case", fields)
    if person is None:
        raise Http404
    details = None
    if with_details:
        details = [
            {
                "id": d.pk,
                "kind": d.kind,
                "value": d.value,
                "version": d.version,
                "recorded_at": d.recorded_at,
            }
            for d in access.protected_details_for(case_access)
            .filter(person_id=person.pk)
            .order_by("kind", "pk")
        ]
    return {**_person_out(person, _genders(case_access)), "protected_details": details}


# The timeline and notes ----------------------------------------------------------------


class ShareOut(Schema):
    with_side: str
    shared_at: datetime
    withdrawn_at: datetime | None
    purpose: str | None


class EntryOut(Schema):
    id: int
    at: datetime
    kind: str
    compartment: str
    title: str
    body: str | None
    author: str | None
    organisation: str | None
    edited_at: datetime | None
    version: int
    may_edit: bool
    may_share: bool
    shares: list[ShareOut]


class TimelinePage(Schema):
    meta: PageMeta
    items: list[EntryOut]
    withheld: list[str]


def _entry_out(entry: TimelineEntry) -> dict[str, Any]:
    shares = getattr(entry, "visible_shares", [])
    return {
        "id": entry.pk,
        "at": entry.at,
        "kind": entry.kind,
        "compartment": entry.compartment,
        "title": entry.title,
        "body": entry.body if entry.kind in WITH_BODY else None,
        "author": entry.author.get_full_name() if entry.author else None,
        "organisation": entry.organisation.name if entry.organisation else None,
        "edited_at": entry.edited_at,
        "version": entry.version,
        "may_edit": getattr(entry, "may_edit", False),
        "may_share": getattr(entry, "may_share", False),
        "shares": [
            {
                "with_side": share.with_side,
                "shared_at": share.shared_at,
                "withdrawn_at": share.withdrawn_at,
                "purpose": None if share.withdrawn_at else share.purpose,
            }
            for share in shares
        ],
    }


@router.get(
    "/cases/{case_id}/timeline",
    response={200: TimelinePage, 422: Problem},
    url_name="timeline",
)
def timeline(
    request: HttpRequest, case_id: int, page: int = 1, kind: str = "", compartment: str = ""
) -> Any:
    """The notes and events the caller may read, newest first, 50 per page; `kind` (note,
    case, people, sharing, risk, plan, meeting, programme, justice, attachment) and
    `compartment` filter within them. `withheld`: the sides whose entries a consent not in
    force keeps from the caller."""
    case_access = access.case_for(request.user, case_id, access.READ)
    form = TimelineFilterForm({"kind": kind, "compartment": compartment}, side=case_access.side)
    if not form.is_valid():
        return Status(422, form_errors(form))
    entries = access.entries_for(case_access)
    if form.cleaned_data["kind"]:
        entries = entries.filter(kind__in=KINDS[form.cleaned_data["kind"]][1])
    if form.cleaned_data["compartment"]:
        entries = entries.filter(compartment=form.cleaned_data["compartment"])
    rows, meta = page_of(entries, page)
    access.mark_entries(case_access, rows)
    return Status(
        200,
        {
            "meta": meta,
            "items": [_entry_out(entry) for entry in rows],
            "withheld": sorted(access.withheld_by(case_access)),
        },
    )


@router.get("/cases/{case_id}/notes/{entry_id}", response=EntryOut, url_name="note_detail")
def note_detail(request: HttpRequest, case_id: int, entry_id: int) -> dict[str, Any]:
    """One note the caller may read (404 for any other: another side's, or not a note)."""
    case_access = access.case_for(request.user, case_id, access.READ)
    entry = access.entry_for(case_access, entry_id)
    if entry.kind != EntryKind.NOTE:
        raise Http404
    access.mark_entries(case_access, [entry])
    return _entry_out(entry)


class NoteIn(Schema):
    title: str
    body: str
    compartment: str


@router.post(
    "/cases/{case_id}/notes",
    response={201: EntryOut, 422: Problem, 423: Problem},
    url_name="note_add",
)
def note_add(request: HttpRequest, case_id: int, payload: NoteIn) -> Any:
    """File a note under a compartment the caller's side writes (its own, or joint), checked
    as the page's note form checks it (joint text naming a protected value is refused).
    423 while the case is closed or its processing restricted."""
    case_access = access.case_for(request.user, case_id, access.READ)
    refuse_if_frozen(case_access)
    form = NoteForm(
        payload.dict(), compartments=case_access.writable_compartments(), access=case_access
    )
    if not form.is_valid():
        return Status(422, form_errors(form))
    try:
        with transaction.atomic():
            entry = services.add_note(actor=request.user, access=case_access, **form.cleaned_data)
    except CaseClosedError:
        raise closed_refusal() from None
    entry = access.entry_for(case_access, entry.pk)
    access.mark_entries(case_access, [entry])
    return Status(201, _entry_out(entry))
