"""Reads of agreements: which are in force, who may read, change and sign them.

Organisation-level agreements are read by the coordinators of their parties only; anyone
else is told nothing exists (404). Case-level agreements are read through the case's door:
`case_for` has already decided that the reader is a member of the case.
"""

import datetime
import hashlib
import json

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from asap.accounts.enums import Role
from asap.accounts.models import Organisation, User
from asap.agreements.enums import AgreementLevel, AgreementStatus
from asap.agreements.models import SECTION_FIELDS, Agreement, Party
from asap.cases.access import CaseAccess


def in_force(on: datetime.date | None = None) -> Q:
    """Signed by every party, not superseded, not ended, and within its dates on `on`."""
    on = on or timezone.localdate()
    return (
        Q(status=AgreementStatus.SIGNED)
        & (Q(starts_on__isnull=True) | Q(starts_on__lte=on))
        & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))
    )


def agreement_in_force(
    org_a: Organisation, org_b: Organisation, *, on: datetime.date | None = None
) -> Agreement | None:
    """The organisation-level agreement in force between two agencies, or None: the gate
    before a case shares information with another agency."""
    return (
        Agreement.objects.filter(in_force(on), level=AgreementLevel.ORGANISATION)
        .filter(parties__organisation=org_a)
        .filter(parties__organisation=org_b)
        .order_by("-locked_at")
        .first()
    )


def is_in_force(agreement: Agreement, on: datetime.date | None = None) -> bool:
    return Agreement.objects.filter(in_force(on), pk=agreement.pk).exists()


def text_hash(agreement: Agreement, parties: list[Party] | None = None) -> str:
    """SHA-256 of the agreement's text as signed: level, case, title, sections, dates and
    parties. A sign-off keeps it, so a later change to the text would show."""
    if parties is None:
        parties = list(agreement.parties.all())
    content = {
        "level": agreement.level,
        "case": agreement.case_id,
        "title": agreement.title,
        **{name: getattr(agreement, name) for name in SECTION_FIELDS},
        "starts_on": agreement.starts_on.isoformat() if agreement.starts_on else None,
        "ends_on": agreement.ends_on.isoformat() if agreement.ends_on else None,
        "parties": sorted(party.organisation_id for party in parties),
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def parties_of(agreement: Agreement) -> list[Party]:
    return list(agreement.parties.select_related("organisation", "signed_by"))


def coordinated(user: User) -> list[Organisation]:
    return user.organisations_where(Role.COORDINATOR)


# Organisation level


def organisation_agreements_for(user: User) -> QuerySet[Agreement]:
    """The organisation-level agreements one of the user's coordinated agencies is party to."""
    organisation_ids = [o.pk for o in coordinated(user)]
    ids = Party.objects.filter(
        organisation_id__in=organisation_ids, agreement__level=AgreementLevel.ORGANISATION
    ).values("agreement_id")
    return (
        Agreement.objects.filter(pk__in=ids)
        .select_related("organisation")
        .prefetch_related("parties__organisation")
    )


def organisation_agreement_for(user: User, agreement_id: int) -> Agreement:
    """One organisation-level agreement the user's agency is party to; 404 otherwise."""
    agreement = organisation_agreements_for(user).filter(pk=agreement_id).first()
    if agreement is None:
        raise Http404
    return agreement


def may_manage_organisation_agreement(user: User, agreement: Agreement) -> bool:
    """The drafting agency's coordinators change, send, withdraw, supersede and end it."""
    return agreement.organisation_id in {o.pk for o in coordinated(user)}


def signable_by_coordinator(user: User, agreement: Agreement) -> list[Party]:
    """The parties the user may sign for now: agencies they coordinate, not yet signed."""
    if agreement.status != AgreementStatus.SENT:
        return []
    organisation_ids = {o.pk for o in coordinated(user)}
    return [
        party
        for party in parties_of(agreement)
        if party.organisation_id in organisation_ids and not party.has_signed
    ]


def partner_organisations(user: User) -> QuerySet[Organisation]:
    """The agencies a coordinator may name as parties (every active agency)."""
    return Organisation.objects.filter(is_active=True).order_by("name")


# Case level


def case_agreements_for(access: CaseAccess) -> QuerySet[Agreement]:
    """The agreements of the case; for members only (the door has checked membership)."""
    if not access.is_member:
        return Agreement.objects.none()
    return Agreement.objects.filter(level=AgreementLevel.CASE, case=access.case)


def case_agreement_for(access: CaseAccess, agreement_id: int) -> Agreement:
    agreement = case_agreements_for(access).filter(pk=agreement_id).first()
    if agreement is None:
        raise Http404
    return agreement


def is_party_member(access: CaseAccess, agreement: Agreement) -> bool:
    """A case manager of an agency that is party to the agreement changes and signs it."""
    return access.organisation_id in {p.organisation_id for p in parties_of(agreement)}


def signable_by_member(access: CaseAccess, agreement: Agreement) -> list[Party]:
    if agreement.status != AgreementStatus.SENT:
        return []
    return [
        party
        for party in parties_of(agreement)
        if party.organisation_id == access.organisation_id and not party.has_signed
    ]


def case_in_force(access: CaseAccess) -> Agreement | None:
    """The case-level agreement in force today, if any (for the case page)."""
    return case_agreements_for(access).filter(in_force()).order_by("-locked_at").first()
