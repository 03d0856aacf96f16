"""Writes on agreements: draft, change, send for sign-off, withdraw, sign, supersede, end.

Each leaves its audit row (field names, never values) in the same transaction. A draft is
the only state whose text changes; once sent, the text is fixed and its hash recorded; once
every party has signed, it is locked for good. A new version starts as a draft copy linked
to the old one; the old one stays in force until every party has signed the new version, and
is marked superseded then (it stays readable).
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from asap.accounts.enums import Role
from asap.accounts.models import Organisation, User
from asap.agreements import queries
from asap.agreements.enums import AgreementLevel, AgreementStatus
from asap.agreements.models import SECTION_FIELDS, Agreement, Party
from asap.cases.access import CaseAccess, members_for
from asap.cases.models import JointCase
from asap.core import audit
from asap.core.versioning import save_versioned

TEXT_FIELDS = ("title", *SECTION_FIELDS, "starts_on", "ends_on")


class AgreementStateError(PermissionDenied):
    """An agreement in a state that does not allow the change; the message says why."""


def _audit(
    actor: User,
    action: str,
    agreement: Agreement,
    organisation_id: int | None,
    fields: Iterable[str] = (),
) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=agreement,
        organisation_id=organisation_id,
        case_id=agreement.case_id,
        fields=fields,
    )


def _check_parties(
    organisation: Organisation, parties: Iterable[Organisation]
) -> list[Organisation]:
    chosen = {o.pk: o for o in parties}
    chosen.setdefault(organisation.pk, organisation)
    if len(chosen) < 2:
        raise AgreementStateError(_("An agreement binds at least two agencies."))
    return list(chosen.values())


def draft_agreement(
    *,
    actor: User,
    level: str,
    organisation: Organisation,
    parties: Iterable[Organisation],
    case: JointCase | None = None,
    title: str,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    **sections: str,
) -> Agreement:
    """Draft an agreement with `organisation` (the drafter's agency) among its parties.
    Side effect: audit `agreement.draft`."""
    if (level == AgreementLevel.CASE) != (case is not None):
        raise ValueError("A case-level agreement has a case; an organisation-level one has none.")
    chosen = _check_parties(organisation, parties)
    with transaction.atomic():
        agreement = Agreement.objects.create(
            level=level,
            case=case,
            organisation=organisation,
            title=title,
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=actor,
            **{name: sections.get(name, "") for name in SECTION_FIELDS},
        )
        Party.objects.bulk_create(Party(agreement=agreement, organisation=o) for o in chosen)
        _audit(actor, "agreement.draft", agreement, organisation.pk, [*TEXT_FIELDS, "parties"])
    return agreement


def update_agreement(
    *,
    actor: User,
    agreement: Agreement,
    expected_version: int,
    parties: Iterable[Organisation],
    title: str,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    **sections: str,
) -> Agreement:
    """Change a draft. Raises AgreementStateError once it was sent or signed, and
    ConcurrentEditError if someone saved it since `expected_version`. Side effect: audit
    `agreement.update` (the names of the fields that changed)."""
    if not agreement.is_draft:
        raise AgreementStateError(_("Only a draft can be changed; this agreement is locked."))
    chosen = _check_parties(agreement.organisation, parties)
    values = {"title": title, "starts_on": starts_on, "ends_on": ends_on}
    values |= {name: sections.get(name, "") for name in SECTION_FIELDS}
    changed = [name for name, value in values.items() if getattr(agreement, name) != value]
    with transaction.atomic():
        for name, value in values.items():
            setattr(agreement, name, value)
        # Sending and withdrawing bump the version: a draft sent since it was opened loses here.
        save_versioned(agreement, fields=values, expected_version=expected_version)
        chosen_ids = {o.pk for o in chosen}
        current = set(agreement.parties.values_list("organisation_id", flat=True))
        if chosen_ids != current:
            changed.append("parties")
            agreement.parties.exclude(organisation_id__in=chosen_ids).delete()
            Party.objects.bulk_create(
                Party(agreement=agreement, organisation=o) for o in chosen if o.pk not in current
            )
        _audit(actor, "agreement.update", agreement, agreement.organisation_id, changed)
    return agreement


def _locked(agreement: Agreement) -> Agreement:
    """The agreement's row, locked for this transaction (two sign-offs never cross)."""
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def send_agreement(
    *, actor: User, agreement: Agreement, access: CaseAccess | None = None
) -> Agreement:
    """Send a draft to every party for sign-off: its text is fixed from now on. A case-level
    agreement is sent through the case's `access` (its signatories are read through the door).
    Side effects: audit `agreement.send`; an e-mail (title only) to each party on commit."""
    if agreement.case_id is not None and (access is None or access.case.pk != agreement.case_id):
        raise PermissionDenied("A case level agreement is sent through the case's access.")
    with transaction.atomic():
        current = _locked(agreement)
        if current.status != AgreementStatus.DRAFT:
            raise AgreementStateError(_("Only a draft can be sent for sign-off."))
        current.status, current.sent_at = AgreementStatus.SENT, timezone.now()
        current.text_hash = queries.text_hash(current)
        current.version += 1  # a form opened on the draft no longer saves
        current.save(update_fields=["status", "sent_at", "text_hash", "version", "updated_at"])
        _audit(actor, "agreement.send", current, current.organisation_id, ["status"])
        transaction.on_commit(lambda: _mail_parties(current, access))
    return current


def withdraw_agreement(*, actor: User, agreement: Agreement) -> Agreement:
    """Take an agreement not yet signed by every party back to draft; sign-offs given so far
    are cleared (the text may change). Side effect: audit `agreement.withdraw`."""
    with transaction.atomic():
        current = _locked(agreement)
        if current.status != AgreementStatus.SENT:
            raise AgreementStateError(_("Only an agreement awaiting sign-off can be withdrawn."))
        current.status, current.sent_at, current.text_hash = AgreementStatus.DRAFT, None, ""
        current.version += 1
        current.save(update_fields=["status", "sent_at", "text_hash", "version", "updated_at"])
        current.parties.update(
            signed_by=None, signed_name="", signed_role="", signed_at=None, signed_hash=""
        )
        _audit(actor, "agreement.withdraw", current, current.organisation_id, ["status"])
    return current


def sign_agreement(*, actor: User, agreement: Agreement, party: Party, role: str) -> Agreement:
    """Record `party`'s sign-off by `actor` (who, when, in which role, which text). When the
    last party signs, the agreement is locked and comes into force. Side effects: audit
    `agreement.sign` (and `agreement.lock`)."""
    with transaction.atomic():
        current = _locked(agreement)
        if current.status != AgreementStatus.SENT:
            raise AgreementStateError(_("Only an agreement sent for sign-off can be signed."))
        party = Party.objects.select_for_update().get(pk=party.pk, agreement=current)
        if party.has_signed:
            raise AgreementStateError(_("This agency has already signed."))
        parties = queries.parties_of(current)
        signed_hash = queries.text_hash(current, parties)
        if signed_hash != current.text_hash:
            raise AgreementStateError(_("The text changed after it was sent; send it again."))
        party.signed_by, party.signed_name = actor, actor.get_full_name()
        party.signed_role, party.signed_at = role, timezone.now()
        party.signed_hash = signed_hash
        party.save(
            update_fields=["signed_by", "signed_name", "signed_role", "signed_at", "signed_hash"]
        )
        _audit(actor, "agreement.sign", current, party.organisation_id, ["signed_by"])
        if all(p.has_signed or p.pk == party.pk for p in parties):
            current.status, current.locked_at = AgreementStatus.SIGNED, party.signed_at
            current.save(update_fields=["status", "locked_at", "updated_at"])
            _audit(actor, "agreement.lock", current, party.organisation_id, ["status"])
            if current.supersedes_id is not None:
                _retire(actor, current.supersedes_id, party.organisation_id)
    return current


def _retire(actor: User, agreement_id: int, organisation_id: int) -> None:
    """The new version is in force: the old one, if still in force, is marked superseded
    (an old one ended meanwhile stays ended). Side effect: audit `agreement.supersede`."""
    old = Agreement.objects.select_for_update().get(pk=agreement_id)
    if old.status == AgreementStatus.SIGNED:
        old.status = AgreementStatus.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
        _audit(actor, "agreement.supersede", old, organisation_id, ["status"])


def supersede_agreement(*, actor: User, agreement: Agreement) -> Agreement:
    """Start a new version: a draft copy of the signed agreement's text and parties, linked to
    it. The signed one stays in force until every party has signed the new version
    (sign_agreement marks it superseded then). Side effect: audit `agreement.draft` on the
    new one."""
    with transaction.atomic():
        current = _locked(agreement)
        if current.status != AgreementStatus.SIGNED:
            raise AgreementStateError(
                _("Only an agreement signed by every party can be superseded.")
            )
        if Agreement.objects.filter(supersedes=current).exists():
            raise AgreementStateError(
                _("A new version of this agreement is already drafted: change that one.")
            )
        draft = Agreement.objects.create(
            level=current.level,
            case=current.case,
            organisation=current.organisation,
            title=current.title,
            starts_on=current.starts_on,
            ends_on=current.ends_on,
            supersedes=current,
            created_by=actor,
            **{name: getattr(current, name) for name in SECTION_FIELDS},
        )
        Party.objects.bulk_create(
            Party(agreement=draft, organisation_id=p.organisation_id) for p in current.parties.all()
        )
        _audit(actor, "agreement.draft", draft, current.organisation_id, [*TEXT_FIELDS, "parties"])
    return draft


def end_agreement(*, actor: User, agreement: Agreement) -> Agreement:
    """End an agreement in force (it stays readable, locked). Side effect: audit
    `agreement.end`."""
    with transaction.atomic():
        current = _locked(agreement)
        if current.status != AgreementStatus.SIGNED:
            raise AgreementStateError(_("Only an agreement signed by every party can be ended."))
        current.status, current.ended_at = AgreementStatus.ENDED, timezone.now()
        current.save(update_fields=["status", "ended_at", "updated_at"])
        _audit(actor, "agreement.end", current, current.organisation_id, ["status"])
    return current


def _recipients(agreement: Agreement, access: CaseAccess | None) -> list[User]:
    """Who signs for each party: its coordinators (organisation level), or its workers on
    the case (case level, read through the door)."""
    organisation_ids = list(agreement.parties.values_list("organisation_id", flat=True))
    if access is not None:
        return [m.user for m in members_for(access).filter(organisation_id__in=organisation_ids)]
    return list(
        User.objects.filter(
            memberships__organisation_id__in=organisation_ids,
            memberships__role=Role.COORDINATOR,
            memberships__is_active=True,
            is_active=True,
        ).distinct()
    )


def _mail_parties(agreement: Agreement, access: CaseAccess | None) -> None:
    """Tell the signatories that an agreement awaits their sign-off (title and case code)."""
    for user in _recipients(agreement, access):
        with translation.override(user.language or None):
            subject = _("An agreement awaits your sign-off: %(title)s") % {"title": agreement.title}
            body = render_to_string("agreements/email/sent.txt", {"agreement": agreement})
        send_mail(subject, body, None, [user.email])
