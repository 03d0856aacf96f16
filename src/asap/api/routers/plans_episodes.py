"""Recidivism episodes of a case, as the episodes' pages show them to the reader
(`asap.episodes.queries`: her episodes reach the other sides only while a victim-side worker
shares them), and recording one through the page's form and `asap.episodes.services`."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Schema, Status

from asap.api.pagination import PageMeta, page_of
from asap.api.writes import (
    Problem,
    closed_refusal,
    form_errors,
    form_value,
    refusal_errors,
    refuse_if_frozen,
)
from asap.cases import access
from asap.cases.services import CaseClosedError
from asap.episodes import queries, services
from asap.episodes.forms import EpisodeForm
from asap.episodes.models import Episode

router = Router()


class EpisodeSummary(Schema):
    """An episode as the list shows it."""

    id: int
    source: str
    date_from: date
    date_to: date | None
    forms_of_violence: list[str]
    severity: str
    children_present: str


class EpisodeList(Schema):
    meta: PageMeta
    counts: dict[str, int]
    items: list[EpisodeSummary]


class ShareOut(Schema):
    with_side: str
    purpose: str
    shared_at: datetime
    withdrawn_at: datetime | None


class EpisodeOut(EpisodeSummary):
    """An episode as its page shows it."""

    police_involved: bool
    court_involved: bool
    note: str
    compartment: str
    organisation: str
    reported_by: str
    reported_at: datetime
    updated_at: datetime
    version: int
    may_change: bool
    shares: list[ShareOut]


class EpisodeIn(Schema):
    """A new episode, as the page's form takes it (its source is the recorder's side's)."""

    date_from: date | None = None
    date_to: date | None = None
    forms_of_violence: list[str] = []
    severity: str = ""
    children_present: str = ""
    police_involved: bool = False
    court_involved: bool = False
    note: str = ""


def _summary(episode: Episode) -> dict[str, Any]:
    return {
        "id": episode.pk,
        "source": episode.source,
        "date_from": episode.date_from,
        "date_to": episode.date_to,
        "forms_of_violence": list(episode.forms_of_violence),
        "severity": episode.severity,
        "children_present": episode.children_present,
    }


def episode_out(case_access: access.CaseAccess, episode: Episode) -> EpisodeOut:
    reporter, organisation = episode.reported_by, episode.organisation
    shares = [
        ShareOut(
            with_side=share.with_side,
            purpose=share.purpose,
            shared_at=share.shared_at,
            withdrawn_at=share.withdrawn_at,
        )
        for share in queries.shares_of(case_access, episode)
    ]
    return EpisodeOut(
        **_summary(episode),
        police_involved=episode.police_involved,
        court_involved=episode.court_involved,
        note=episode.note,
        compartment=episode.entry.compartment,
        organisation=organisation.name if organisation else "",
        reported_by=reporter.get_full_name() if reporter else "",
        reported_at=episode.reported_at,
        updated_at=episode.updated_at,
        version=episode.version,
        may_change=services.may_change(case_access, episode),
        shares=shares,
    )


@router.get("/cases/{case_id}/episodes", response=EpisodeList, url_name="episode_list")
def episode_list(request: HttpRequest, case_id: int, page: int = 1) -> EpisodeList:
    """The case's recidivism episodes the reader may read, latest first, 50 per page, with how
    many each source reported."""
    case_access = access.case_for(request.user, case_id, access.READ)
    episodes, meta = page_of(queries.episodes_for(case_access), page)
    return EpisodeList(
        meta=meta,
        counts=queries.episode_counts(case_access),
        items=[EpisodeSummary(**_summary(episode)) for episode in episodes],
    )


@router.get(
    "/cases/{case_id}/episodes/{episode_id}", response=EpisodeOut, url_name="episode_detail"
)
def episode_detail(request: HttpRequest, case_id: int, episode_id: int) -> EpisodeOut:
    """One episode the reader may read, with its note and the shares the reader may see;
    404 for one their side does not read."""
    case_access = access.case_for(request.user, case_id, access.READ)
    return episode_out(case_access, queries.episode_for(case_access, episode_id))


@router.post(
    "/cases/{case_id}/episodes",
    response={201: EpisodeOut, 422: Problem},
    url_name="episode_add",
)
def episode_add(request: HttpRequest, case_id: int, payload: EpisodeIn) -> Any:
    """Record an episode reported to the caller's side (the source is that side's), validated
    as the page's form; the members who read it are told, as from the page."""
    case_access = access.case_for(request.user, case_id, access.READ)
    refuse_if_frozen(case_access)
    data = {name: form_value(value) for name, value in payload.dict().items()}
    form = EpisodeForm(data, access=case_access)
    if not form.is_valid():
        return Status(422, form_errors(form))
    try:
        with transaction.atomic():
            episode = services.record_episode(
                actor=request.user, access=case_access, **form.cleaned_data
            )
    except ValidationError as error:
        return Status(422, refusal_errors(error, form))
    except CaseClosedError:
        raise closed_refusal() from None
    return Status(201, episode_out(case_access, queries.episode_for(case_access, episode.pk)))
