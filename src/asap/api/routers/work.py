"""The work inbox of the token's account.

My work is any signed-in person's own list; a token's system account is a person for this:
its items are what `asap.work` lists for it (the cases it is a member of, read through the
same policy), soonest first. An item carries no case content: a kind, a fixed label, the
case's code, a due date and the page where it is done.
"""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema

from asap.api.pagination import PageMeta, page_of
from asap.core import audit
from asap.work import queries

router = Router()


class WorkItemOut(Schema):
    key: str
    kind: str
    label: str
    due: date
    created: datetime
    case_id: int | None
    case_code: str
    side: str
    team_task: bool
    url: str


class WorkItemList(Schema):
    meta: PageMeta
    items: list[WorkItemOut]


@router.get("/work/inbox", response=WorkItemList, url_name="work_inbox")
def inbox(request: HttpRequest, page: int = 1) -> WorkItemList:
    """The token's account's My work: the same items as the My work page, soonest first, 50
    per page. Reading it does not mark anything as seen (`created` tells what is new)."""
    items, meta = page_of(queries.items_for(request.user), page)  # type: ignore[arg-type]
    if items:
        audit.record(
            actor=request.user,
            action="work.list",
            organisation_id=request.api_token.organisation_id,  # type: ignore[attr-defined]
            fields=["kind", "case", "due"],
        )
    return WorkItemList(
        meta=meta,
        items=[
            WorkItemOut(
                key=item.key,
                kind=str(item.kind),
                label=str(item.label),
                due=item.due,
                created=item.created,
                case_id=item.case_id,
                case_code=item.case_code,
                side=str(item.side),
                team_task=item.team_task,
                url=item.url,
            )
            for item in items
        ],
    )
