"""Her consent to information sharing, and his limited waiver of confidentiality.

The read policy (`asap.cases.policy`) reads the consents in force on every read: recording
or withdrawing one changes at once what the other sides read. A withdrawal hides from them
every joint item the victim side recorded and every item of hers shared earlier; the audit
row of the withdrawal names what became hidden, in the same transaction.
"""

import datetime

from django.db import transaction

from asap.accounts.models import User
from asap.cases.access import CaseAccess
from asap.cases.enums import SCOPE_FOR_SIDE, Compartment, ConsentScope, EntryKind, PersonRole, Side
from asap.cases.models import Consent, Share, TimelineEntry
from asap.cases.services.membership import _audit, _log
from asap.core import audit


class NotYourConsentError(PermissionError):
    """A side records only its own person's consent: hers the victim side, his the
    perpetrator side."""


def _require_side(access: CaseAccess, side: str) -> None:
    if access.side != side:
        raise NotYourConsentError(f"A {access.side}-side member cannot record this.")


def record_consent(
    *,
    actor: User,
    access: CaseAccess,
    scopes: list[str],
    given_on: datetime.date,
    note: str = "",
) -> Consent:
    """Record the woman's consent to sharing (victim side). Side effects: a victim-side
    timeline entry; audit `consent.add`."""
    _require_side(access, Side.VICTIM)
    with transaction.atomic():
        consent = Consent.objects.create(
            case=access.case,
            given_by=PersonRole.VICTIM,
            scopes=sorted(scopes),
            given_on=given_on,
            note=note,
            recorded_by=actor,
        )
        _log(
            access.case,
            EntryKind.CONSENT_RECORDED,
            Compartment.VICTIM,
            actor=actor,
            organisation_id=access.organisation_id,
            recorded_side=Side.VICTIM,
        )
        _audit(
            actor,
            "consent.add",
            consent,
            access.case,
            access.organisation_id,
            ["scopes", "given_on", "note"],
        )
    access.forget_consents()
    return consent


def _scopes_lost(access: CaseAccess, consent: Consent) -> set[str]:
    """The scopes of `consent` that no other consent of hers in force still covers."""
    others = Consent.objects.visible_to(access).filter(
        given_by=PersonRole.VICTIM, withdrawn_on__isnull=True
    )
    still = {scope for other in others.exclude(pk=consent.pk) for scope in other.scopes}
    return set(consent.scopes) - still


def withdraw_consent(
    *, actor: User, access: CaseAccess, consent: Consent, withdrawn_on: datetime.date
) -> None:
    """Record that she withdrew her consent. From then on the sides it covered no longer
    read the joint items the victim side recorded nor her items shared earlier (the policy
    decides on every read; the shares stay on record, hidden). Side effects: timeline entry;
    audit `consent.withdraw` naming what became hidden (`shares_hidden`,
    `joint_items_hidden`), and one `share.hidden` / `entry.hidden` row per item."""
    _require_side(access, Side.VICTIM)
    with transaction.atomic():
        lost = _scopes_lost(access, consent)
        sides = [side for side, scope in SCOPE_FOR_SIDE.items() if scope in lost]
        shares = list(
            Share.objects.visible_to(access).filter(
                entry__compartment=Compartment.VICTIM,
                with_side__in=sides,
                withdrawn_at__isnull=True,
            )
        )
        joint = (
            list(
                TimelineEntry.objects.visible_to(access).filter(
                    compartment=Compartment.JOINT, recorded_side=Side.VICTIM
                )
            )
            if sides
            else []
        )
        consent.withdrawn_on, consent.withdrawn_by = withdrawn_on, actor
        consent.save(update_fields=["withdrawn_on", "withdrawn_by"])
        _log(
            access.case,
            EntryKind.CONSENT_WITHDRAWN,
            Compartment.VICTIM,
            actor=actor,
            organisation_id=access.organisation_id,
            recorded_side=Side.VICTIM,
        )
        hidden = [
            *(["shares_hidden"] if shares else []),
            *(["joint_items_hidden"] if joint else []),
        ]
        _audit(
            actor,
            "consent.withdraw",
            consent,
            access.case,
            access.organisation_id,
            ["withdrawn_on", *hidden, *(f"hidden_from:{side}" for side in sides)],
        )
        for item, action in [
            *((s, "share.hidden") for s in shares),
            *((e, "entry.hidden") for e in joint),
        ]:
            audit.record(
                actor=actor,
                action=action,
                obj=item,
                organisation_id=access.organisation_id,
                case_id=access.case.pk,
                fields=["consent"],
            )
    access.forget_consents()


def record_waiver(
    *, actor: User, access: CaseAccess, given_on: datetime.date, note: str = ""
) -> Consent:
    """Record the man's limited waiver of confidentiality (perpetrator side): the joint
    content his side recorded reaches the other agencies while it is in force. The victim
    side never reads it. Side effects: a perpetrator-side timeline entry (an event, no
    content); audit `waiver.add`."""
    _require_side(access, Side.PERPETRATOR)
    with transaction.atomic():
        waiver = Consent.objects.create(
            case=access.case,
            given_by=PersonRole.PERPETRATOR,
            scopes=[ConsentScope.OTHER_AGENCIES.value],
            given_on=given_on,
            note=note,
            recorded_by=actor,
        )
        _log(
            access.case,
            EntryKind.WAIVER_RECORDED,
            Compartment.PERPETRATOR,
            actor=actor,
            organisation_id=access.organisation_id,
        )
        _audit(
            actor, "waiver.add", waiver, access.case, access.organisation_id, ["given_on", "note"]
        )
    access.forget_consents()
    return waiver


def withdraw_waiver(
    *, actor: User, access: CaseAccess, waiver: Consent, withdrawn_on: datetime.date
) -> None:
    """Record that he withdrew his waiver: the other agencies no longer read his side's
    joint content. Side effects: timeline entry; audit `waiver.withdraw`."""
    _require_side(access, Side.PERPETRATOR)
    with transaction.atomic():
        waiver.withdrawn_on, waiver.withdrawn_by = withdrawn_on, actor
        waiver.save(update_fields=["withdrawn_on", "withdrawn_by"])
        _log(
            access.case,
            EntryKind.WAIVER_WITHDRAWN,
            Compartment.PERPETRATOR,
            actor=actor,
            organisation_id=access.organisation_id,
        )
        _audit(
            actor, "waiver.withdraw", waiver, access.case, access.organisation_id, ["withdrawn_on"]
        )
    access.forget_consents()
