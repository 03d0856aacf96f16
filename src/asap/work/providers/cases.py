"""Invitations to a case awaiting the person's organisation (any of its case workers may
accept or decline)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asap.cases.access import invitations_for
from asap.work.enums import ItemKind
from asap.work.items import Inbox, WorkItem

LABEL = _("An invitation to a joint case awaits your organisation")


def items_for(inbox: Inbox) -> list[WorkItem]:
    """One query (the door's `invitations_for`: metadata only)."""
    return [
        WorkItem(
            key=f"invitation:{invitation.pk}",
            kind=ItemKind.INVITATION,
            label=str(LABEL),
            due=timezone.localdate(invitation.invited_at),
            url=reverse("cases:invitation", args=[invitation.pk]),
            created=invitation.invited_at,
            case_id=invitation.case_id,
            case_code=invitation.case.code,
        )
        for invitation in invitations_for(inbox.user)
    ]
