"""Account recoveries waiting for a second administrator (four eyes), for every other
administrator of the organisation."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asap.accounts import recovery
from asap.accounts.enums import Role
from asap.work.enums import ItemKind
from asap.work.items import Inbox, WorkItem

LABEL = _("An account recovery waits for a second administrator")


def items_for(inbox: Inbox) -> list[WorkItem]:
    """One query, for administrators only."""
    if not inbox.user.organisations_where(Role.ADMINISTRATOR):
        return []
    pending = recovery.pending_for(inbox.user).exclude(requested_by=inbox.user)
    return [
        WorkItem(
            key=f"recovery:{request.pk}",
            kind=ItemKind.RECOVERY,
            label=str(LABEL),
            due=timezone.localdate(request.requested_at),
            url=reverse("accounts:members"),
            created=request.requested_at,
        )
        for request in pending
    ]
