"""Agreements sent for sign-off that await the person's organisation: an organisation-level
one for its coordinators, a case-level one for its workers on that case."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asap.accounts.enums import Role
from asap.agreements.enums import AgreementLevel, AgreementStatus
from asap.agreements.models import Party
from asap.work.enums import ItemKind
from asap.work.items import Inbox, WorkItem

LABEL = _("An agreement awaits your organisation's signature")


def items_for(inbox: Inbox) -> list[WorkItem]:
    """One query: the unsigned parties of sent agreements the person may sign for."""
    coordinated = [o.pk for o in inbox.user.organisations_where(Role.COORDINATOR)]
    mine = Q(agreement__level=AgreementLevel.ORGANISATION, organisation_id__in=coordinated)
    # One clause per organisation the person works for on cases, not one per case.
    cases_of: dict[int, list[int]] = {}
    for case_id, seat in inbox.seats.items():
        cases_of.setdefault(seat.organisation_id, []).append(case_id)
    for organisation_id, case_ids in cases_of.items():
        mine |= Q(
            agreement__level=AgreementLevel.CASE,
            agreement__case_id__in=case_ids,
            organisation_id=organisation_id,
        )
    parties = Party.objects.filter(
        mine, agreement__status=AgreementStatus.SENT, signed_at__isnull=True
    ).select_related("agreement__case")
    items = []
    for party in parties:
        agreement = party.agreement
        sent = agreement.sent_at or agreement.created_at
        if agreement.case_id:
            url = reverse("case_agreements:detail", args=[agreement.case_id, agreement.pk])
        else:
            url = reverse("agreements:detail", args=[agreement.pk])
        items.append(
            WorkItem(
                key=f"agreement:{party.pk}",
                kind=ItemKind.AGREEMENT,
                label=str(LABEL),
                due=timezone.localdate(sent),
                url=url,
                created=sent,
                case_id=agreement.case_id,
                case_code=agreement.case.code if agreement.case_id else "",
            )
        )
    return items
