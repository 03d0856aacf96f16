"""Cases the caller may see: their metadata (code, phase, status, risk level, dates)."""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema

from asap.api.pagination import PageMeta, page_of
from asap.cases import access
from asap.core import audit

router = Router()


class CaseOut(Schema):
    id: int
    code: str
    phase: str
    status: str
    risk_level: str
    opened_at: datetime
    next_due: date | None
    side: str | None


class CaseList(Schema):
    meta: PageMeta
    items: list[CaseOut]


def _case_out(case, side: str | None) -> CaseOut:  # type: ignore[no-untyped-def]
    return CaseOut(
        id=case.pk,
        code=case.code,
        phase=case.phase,
        status=case.status,
        risk_level=case.risk_level,
        opened_at=case.opened_at,
        next_due=case.next_due,
        side=side,
    )


@router.get("", response=CaseList, url_name="case_list")
def case_list(
    request: HttpRequest,
    page: int = 1,
    phase: str = "",
    status: str = "",
    risk_level: str = "",
) -> CaseList:
    """The cases the token's account may list (a member's own; a coordinator's agencies'),
    newest first, 50 per page."""
    filters = {"phase": phase, "status": status, "risk_level": risk_level}
    cases, meta = page_of(access.cases_for(request.user, filters=filters), page)
    if cases:
        audit.record(
            actor=request.user,
            action="case.list",
            organisation_id=request.api_token.organisation_id,  # type: ignore[attr-defined]
            fields=["code", "phase", "status", "risk_level"],
        )
    return CaseList(meta=meta, items=[_case_out(c, c.my_side) for c in cases])


@router.get("/{case_id}", response=CaseOut, url_name="case_detail")
def case_detail(request: HttpRequest, case_id: int) -> CaseOut:
    """One case's metadata; 404 for a case the caller has no relationship with."""
    case_access = access.case_for(request.user, case_id, access.METADATA)
    return _case_out(case_access.case, case_access.side)
