"""Actions of the joint plan the person is responsible for, still open or in progress."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from asap.core.scopes import named_scope
from asap.plans.enums import PENDING
from asap.plans.models import ActionItem
from asap.work.enums import ItemKind
from asap.work.items import SCOPE, Inbox, WorkItem

LABEL = _("An action of the joint plan you are responsible for")


def items_for(inbox: Inbox) -> list[WorkItem]:
    """One query: the rows whose responsible worker is the person, on their open cases, each
    as the read policy lets their side read it on its case (`Inbox.readable`)."""
    if not inbox.seats:
        return []
    with named_scope(SCOPE):
        rows = list(
            ActionItem.objects.filter(
                inbox.readable(), responsible_user=inbox.user, status__in=PENDING
            ).values_list("pk", "case_id", "term", "created_at")
        )
    return [
        WorkItem(
            key=f"action:{pk}",
            kind=ItemKind.ACTION,
            label=str(LABEL),
            due=term,
            url=reverse("plans:edit", args=[case_id, pk]),
            created=created_at,
            case_id=case_id,
            case_code=inbox.seats[case_id].code,
            side=inbox.seats[case_id].side,
        )
        for pk, case_id, term, created_at in rows
    ]
