"""A closed case's reason as the reader's side reads it (her request reaches the victim side
only: `asap.cases.services.closure.reason_label`), and who may close and transfer."""

from django import template

from asap.cases.access import CaseAccess
from asap.cases.services.closure import CLOSING_SIDES, may_close, reason_label

register = template.Library()


@register.filter
def closing_reason_for(case: object, side: str | None) -> str:
    """`{{ case|closing_reason_for:side }}`: no query."""
    return reason_label(getattr(case, "closing_reason", ""), side)


@register.filter
def closes_case(case_access: CaseAccess) -> bool:
    """Whether the reader closes and reopens the case (a lead worker of either side)."""
    return may_close(case_access)


@register.filter
def transfers_part(case_access: CaseAccess) -> bool:
    """Whether the reader may open the transfer form without a query: a lead worker of
    either side, or a coordinator who is not a member (the form checks which agency)."""
    member = case_access.member
    if member is None:
        return True
    return member.is_lead and member.side in CLOSING_SIDES
