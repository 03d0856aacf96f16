"""Evaluation figures, with the same suppression of small numbers as the dashboards.

The evaluation pages are a coordinator's (any other role gets 403). The organisation's own
figures are its dashboard's: exact counts over the cases it takes part in (`EXACT`, as the
page shows them to its coordinator); a network's figures pool its opted-in members' cases and
follow the five-case rule (`FIVE_CASES`), with the totals that would give a hidden cell away
hidden too. Both read the kept figures (`DashboardFigures`) for the current year, as the
dashboards do, and leave the dashboards' audit row.
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema, Status

from asap.api.pagination import PageMeta, page_of
from asap.api.writes import Problem, form_errors
from asap.core.roles import Role
from asap.evaluation import queries, services
from asap.evaluation.forms import PeriodForm
from asap.evaluation.suppression import EXACT, FIVE_CASES, SUPPRESSED, Rule

router = Router()


def _coordinator_organisation(request: HttpRequest) -> Any:
    """The evaluation pages' door (`for_roles(Role.COORDINATOR)`): 403 for any other role;
    the organisation they act for (`acting_organisation`)."""
    organisations = request.user.organisations_where(Role.COORDINATOR)  # type: ignore[union-attr]
    if not organisations:
        raise PermissionDenied
    return organisations[0]


class CellOut(Schema):
    value: float | None
    suppressed: bool
    percent: bool
    display: str


class RowOut(Schema):
    label: str
    cells: list[CellOut]


class FigureOut(Schema):
    key: str
    title: str
    explanation: str
    columns: list[str]
    rows: list[RowOut]


class MemberOut(Schema):
    organisation: str
    opted_in: bool


class FiguresOut(Schema):
    scope: str
    name: str
    start: date
    end: date
    as_of: datetime | None
    suppresses: bool
    suppressed_mark: str
    members: list[MemberOut]
    figures: list[FigureOut]


class NetworkOut(Schema):
    id: int
    name: str
    description: str


class NetworkList(Schema):
    meta: PageMeta
    items: list[NetworkOut]


def _figures(
    request: HttpRequest,
    start: date | None,
    end: date | None,
    *,
    rule: Rule,
    network_id: int | None = None,
) -> FiguresOut | Status[Problem]:
    organisation = _coordinator_organisation(request)
    network = None if network_id is None else queries.network_for(request.user, network_id)
    form = PeriodForm({"start": start or "", "end": end or ""})
    if not form.is_valid():
        return Status(422, form_errors(form))
    period = form.period
    own = None if network is not None else organisation
    counts, as_of = services.dashboard_counts(period, organisation=own, network=network)
    figures = queries.figures_from(counts, rule)
    services.record_dashboard_read(actor=request.user, organisation=organisation, network=network)
    members = (
        [
            MemberOut(organisation=m.organisation.name, opted_in=m.opted_in)
            for m in queries.members_of(network)
        ]
        if network is not None
        else []
    )
    return FiguresOut(
        scope="network" if network is not None else "organisation",
        name=network.name if network is not None else organisation.name,
        start=period.start,
        end=period.end,
        as_of=as_of,
        suppresses=rule.suppresses,
        suppressed_mark=SUPPRESSED,
        members=members,
        figures=[
            FigureOut(
                key=figure.key,
                title=str(figure.title),
                explanation=str(figure.explanation),
                columns=[str(c) for c in figure.columns],
                rows=[
                    RowOut(
                        label=str(row.label),
                        cells=[
                            CellOut(
                                value=None if cell.suppressed else cell.value,
                                suppressed=cell.suppressed,
                                percent=cell.percent,
                                display=cell.display,
                            )
                            for cell in row.cells
                        ],
                    )
                    for row in figure.rows
                ],
            )
            for figure in figures
        ],
    )


@router.get(
    "/evaluation/figures",
    response={200: FiguresOut, 422: Problem},
    url_name="evaluation_figures",
)
def own_figures(
    request: HttpRequest, start: date | None = None, end: date | None = None
) -> FiguresOut | Status[Problem]:
    """The coordinator's evaluation dashboard: the figures over the cases their organisation
    takes part in, for the period (the current year by default), as the dashboard shows them
    (exact counts, for the organisation's own use); 403 for any other role."""
    return _figures(request, start, end, rule=EXACT)


@router.get("/evaluation/networks", response=NetworkList, url_name="evaluation_network_list")
def network_list(request: HttpRequest, page: int = 1) -> NetworkList:
    """The networks the coordinator's organisation belongs to, as the networks page lists
    them, 50 per page."""
    _coordinator_organisation(request)
    networks, meta = page_of(queries.networks_for(request.user).order_by("name", "pk"), page)
    items = [NetworkOut(id=n.pk, name=n.name, description=n.description) for n in networks]
    return NetworkList(meta=meta, items=items)


@router.get(
    "/evaluation/networks/{network_id}/figures",
    response={200: FiguresOut, 422: Problem},
    url_name="evaluation_network_figures",
)
def network_figures(
    request: HttpRequest, network_id: int, start: date | None = None, end: date | None = None
) -> FiguresOut | Status[Problem]:
    """A network's dashboard: figures pooled over the members that opted in, with the
    five-case rule (a figure over fewer than five cases is "<5" and has no value, and so is a
    total that would give it away); 404 for a network the organisation is not a member of."""
    return _figures(request, start, end, rule=FIVE_CASES, network_id=network_id)
