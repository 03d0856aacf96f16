"""Meetings (with their iCalendar file) and agreements, read only.

A case's meetings are read as their pages show them to a member (`asap.meetings.queries`:
meetings and minutes are joint; the actions decided at a meeting follow the plan's policy).
Case-level agreements are read through the case's door; organisation-level agreements by the
coordinators of their parties, as on /agreements/.
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema

from asap.agreements import queries as agreements
from asap.agreements.models import Agreement
from asap.api.pagination import PageMeta, page_of
from asap.cases import access
from asap.cases.enums import Compartment
from asap.core.calendar import ics_response
from asap.meetings import ics, queries
from asap.meetings.models import Meeting
from asap.meetings.views.common import detail_context
from asap.plans import queries as plans

router = Router()

REVIEWED_ACTIONS = 30  # as the meeting's page


class MeetingOut(Schema):
    id: int
    type_key: str
    type_label: str
    title: str
    starts_at: datetime
    ends_at: datetime
    mode: str
    venue: str
    link: str
    status: str
    has_minutes: bool
    ics_url: str


class MeetingList(Schema):
    meta: PageMeta
    items: list[MeetingOut]


class StepOut(Schema):
    key: str
    title: str
    done: bool


class InviteeOut(Schema):
    id: int
    name: str
    agency: str
    attended: bool | None


class AttendeeOut(Schema):
    name: str
    agency: str


class DecidedActionOut(Schema):
    id: int
    need: str
    action: str
    term: date
    responsible: str
    status: str


class MinutesOut(Schema):
    decisions: str
    attended: list[AttendeeOut]
    written_by: str
    updated_at: datetime
    version: int
    actions: list[DecidedActionOut]
    withheld: list[str]


class MeetingDetail(MeetingOut):
    purpose: str
    agenda: list[str]
    steps: list[StepOut]
    invitees: list[InviteeOut]
    minutes: MinutesOut | None
    version: int


def _ics_url(meeting: Meeting) -> str:
    return reverse("meetings:ics", args=[meeting.case_id, meeting.pk])


def meeting_out(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "type_key": meeting.type_key,
        "type_label": ics.meeting_type_of(meeting).label(),
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "mode": meeting.mode,
        "venue": meeting.venue,
        "link": meeting.link,
        "status": meeting.status,
        "has_minutes": bool(getattr(meeting, "has_minutes", False)),
        "ics_url": _ics_url(meeting),
    }


@router.get("/cases/{case_id}/meetings", response=MeetingList, url_name="meeting_list")
def meeting_list(request: HttpRequest, case_id: int, page: int = 1) -> MeetingList:
    """The case's meetings (members only), latest first, 50 per page, each with the address of
    its calendar file."""
    case_access = access.case_for(request.user, case_id, access.READ)
    meetings = queries.meetings_for(case_access).order_by("-starts_at", "-pk")
    rows, meta = page_of(meetings, page)
    return MeetingList(meta=meta, items=[MeetingOut(**meeting_out(m)) for m in rows])


def _name(user: Any) -> str:
    return user.get_full_name() if user is not None else ""


def _minutes(case_access: access.CaseAccess, meeting: Meeting, context: dict) -> MinutesOut:
    minutes = context["minutes"]
    actions = (
        plans.actions_for(case_access)
        .filter(meeting_id=meeting.pk, compartment=Compartment.JOINT)
        .order_by("term", "pk")[:REVIEWED_ACTIONS]
    )
    return MinutesOut(
        decisions=minutes.decisions,
        attended=[
            AttendeeOut(name=_name(user), agency=agency.name if agency else "")
            for user, agency in context["attended"]
        ],
        written_by=_name(minutes.written_by),
        updated_at=minutes.updated_at,
        version=minutes.version,
        actions=[
            DecidedActionOut(
                id=item.pk,
                need=item.need,
                action=item.action,
                term=item.term,
                responsible=item.responsible,
                status=item.status,
            )
            for item in actions
        ],
        withheld=sorted(queries.withheld_actions(case_access, meeting)),
    )


@router.get(
    "/cases/{case_id}/meetings/{meeting_id}", response=MeetingDetail, url_name="meeting_detail"
)
def meeting_detail(request: HttpRequest, case_id: int, meeting_id: int) -> MeetingDetail:
    """One meeting as its page shows it: purpose and agenda, the steps done, who was invited
    and attended, and the minutes with the actions decided (those the reader may read)."""
    case_access = access.case_for(request.user, case_id, access.READ)
    meeting = queries.meeting_for(case_access, meeting_id)
    members = {m.user_id: m for m in queries.invitable_members(case_access)}
    agencies = {k: m.organisation for k, m in members.items()}
    context = detail_context(meeting, agencies=agencies, access=case_access)
    meeting_type, minutes = context["meeting_type"], context["minutes"]
    return MeetingDetail(
        **meeting_out(meeting),
        purpose=meeting_type.purpose_text(),
        agenda=meeting_type.agenda_texts(),
        steps=[StepOut(key=s.key, title=s.label(), done=done) for s, done in context["steps"]],
        invitees=[
            InviteeOut(
                id=user.pk,
                name=_name(user),
                agency=agency.name if agency else "",
                attended=came if minutes else None,
            )
            for user, agency, came in context["invitees"]
        ],
        minutes=_minutes(case_access, meeting, context) if minutes else None,
        version=meeting.version,
    )


@router.get("/cases/{case_id}/meetings/{meeting_id}/ics", url_name="meeting_ics")
def meeting_ics(request: HttpRequest, case_id: int, meeting_id: int) -> HttpResponse:
    """The meeting's calendar file (text/calendar), the same as its page's download: type,
    case code, time, venue or link and the invitees' addresses."""
    case_access = access.case_for(request.user, case_id, access.READ)
    meeting = queries.meeting_for(case_access, meeting_id)
    attendees = [user.email for user in queries.invitees_of(meeting, case_access)]
    event = ics.calendar_event(meeting, attendees)
    return ics_response(ics.file_name_of(meeting), [event], ics.download_method(meeting))


# Agreements


class PartyOut(Schema):
    organisation_id: int
    organisation: str
    signed: bool


class AgreementOut(Schema):
    id: int
    level: str
    title: str
    status: str
    starts_on: date | None
    ends_on: date | None
    parties: list[PartyOut]


class AgreementList(Schema):
    meta: PageMeta
    items: list[AgreementOut]


def agreement_out(agreement: Agreement) -> AgreementOut:
    return AgreementOut(
        id=agreement.pk,
        level=agreement.level,
        title=agreement.title,
        status=agreement.status,
        starts_on=agreement.starts_on,
        ends_on=agreement.ends_on,
        parties=[
            PartyOut(
                organisation_id=party.organisation_id,
                organisation=party.organisation.name,
                signed=party.has_signed,
            )
            for party in agreement.parties.all()
        ],
    )


@router.get("/cases/{case_id}/agreements", response=AgreementList, url_name="case_agreement_list")
def case_agreement_list(request: HttpRequest, case_id: int, page: int = 1) -> AgreementList:
    """The case-level agreements of the case (members only), newest first, 50 per page."""
    case_access = access.case_for(request.user, case_id, access.READ)
    found = agreements.case_agreements_for(case_access).prefetch_related("parties__organisation")
    rows, meta = page_of(found, page)
    return AgreementList(meta=meta, items=[agreement_out(a) for a in rows])


@router.get("/agreements", response=AgreementList, url_name="agreement_list")
def agreement_list(request: HttpRequest, page: int = 1) -> AgreementList:
    """The organisation-level agreements the token's organisation is party to, newest first,
    50 per page: for a coordinator's token (403 for any other role, as on the page)."""
    if not agreements.coordinated(request.user):
        raise PermissionDenied("Organisation-level agreements are for coordinators.")
    rows, meta = page_of(agreements.organisation_agreements_for(request.user), page)
    return AgreementList(meta=meta, items=[agreement_out(a) for a in rows])
