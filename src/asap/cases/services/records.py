"""Writes on what a case holds: persons, protected details, notes, shares, and the
preparation of a child's assessment. Each leaves an audit row and a timeline entry."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asap.accounts.models import User
from asap.cases.access import CaseAccess, consent_in_force
from asap.cases.compartments import compartment_of
from asap.cases.enums import SCOPE_FOR_SIDE, Compartment, EntryKind
from asap.cases.models import (
    ChildAssessmentPreparation,
    Person,
    ProtectedDetail,
    Share,
    TimelineEntry,
)
from asap.cases.services.membership import SharingRefusedError, _audit, _log
from asap.cases.services.names import index_names, reindex_name
from asap.core.versioning import ConcurrentEditError, save_versioned

PERSON_FIELDS = ["name", "year_of_birth", "gender"]


def add_person(
    *,
    actor: User,
    access: CaseAccess,
    role: str,
    name: str = "",
    year_of_birth: int | None = None,
    gender: str = "",
) -> Person:
    """Record a child (or another person) on the case; children are labelled by order.
    Side effects: the name's parts indexed; timeline entry (label only); audit `person.add`."""
    case = access.case
    with transaction.atomic():
        number = Person.objects.visible_to(access).filter(role=role).count() + 1
        person = Person.objects.create(
            case=case,
            role=role,
            number=number,
            name=name,
            year_of_birth=year_of_birth,
            gender=gender,
        )
        index_names([person])
        _log(
            case,
            EntryKind.PERSON_ADDED,
            Compartment.JOINT,
            actor=actor,
            organisation_id=access.organisation_id,
            title=person.label,
        )
        _audit(actor, "person.add", person, case, access.organisation_id, ["role", *PERSON_FIELDS])
    return person


def update_person(
    *,
    actor: User,
    access: CaseAccess,
    person: Person,
    expected_version: int,
    name: str,
    year_of_birth: int | None,
    gender: str,
) -> Person:
    """Change a person's record. Raises ConcurrentEditError on a stale version.
    Side effects: timeline entry (label only) in the compartment of the person's name, so
    that an edit of the woman's or a child's record leaves no sign on the other sides'
    timeline; a changed name's parts replaced; audit `person.update`."""
    values = {"name": name, "year_of_birth": year_of_birth, "gender": gender}
    changed = [k for k, v in values.items() if getattr(person, k) != v]
    compartment = compartment_of(person, "name")
    with transaction.atomic():
        for key, value in values.items():
            setattr(person, key, value)
        save_versioned(person, fields=PERSON_FIELDS, expected_version=expected_version)
        if "name" in changed:
            reindex_name(access=access, person=person)
        _log(
            access.case,
            EntryKind.PERSON_UPDATED,
            compartment,
            actor=actor,
            organisation_id=access.organisation_id,
            title=person.label,
            recorded_side=access.side if compartment != Compartment.JOINT else "",
        )
        _audit(actor, "person.update", person, access.case, access.organisation_id, changed)
    return person


def record_protected_detail(
    *, actor: User, access: CaseAccess, person: Person, kind: str, value: str
) -> ProtectedDetail:
    """Record where the woman or a child can be found or reached (victim side only).
    Side effects: a protected timeline entry; audit `protected.add`."""
    with transaction.atomic():
        detail = ProtectedDetail.objects.create(
            case=access.case, person=person, kind=kind, value=value, recorded_by=actor
        )
        _log(
            access.case,
            EntryKind.PROTECTED_DETAIL_ADDED,
            Compartment.PROTECTED,
            actor=actor,
            organisation_id=access.organisation_id,
            title=detail.get_kind_display(),
            recorded_side=access.side,
        )
        _audit(
            actor, "protected.add", detail, access.case, access.organisation_id, ["kind", "value"]
        )
    return detail


def update_protected_detail(
    *,
    actor: User,
    access: CaseAccess,
    detail: ProtectedDetail,
    expected_version: int,
    kind: str,
    value: str,
) -> ProtectedDetail:
    """Change a protected detail (she moved, a new phone). Raises ConcurrentEditError on a stale
    version. Side effect: audit `protected.update`."""
    with transaction.atomic():
        detail.kind, detail.value, detail.recorded_by = kind, value, actor
        save_versioned(
            detail, fields=["kind", "value", "recorded_by"], expected_version=expected_version
        )
        _audit(
            actor,
            "protected.update",
            detail,
            access.case,
            access.organisation_id,
            ["kind", "value"],
        )
    return detail


def add_note(
    *, actor: User, access: CaseAccess, title: str, body: str, compartment: str
) -> TimelineEntry:
    """File a note under a compartment the actor's side may write, recorded as the actor's
    side's (joint notes of the victim side reach the others only while she consents).
    Side effect: audit `note.add`."""
    if compartment not in access.writable_compartments():
        raise ValueError(f"A {access.side}-side member cannot file under {compartment}.")
    with transaction.atomic():
        entry = _log(
            access.case,
            EntryKind.NOTE,
            compartment,
            actor=actor,
            organisation_id=access.organisation_id,
            title=title,
            body=body,
            recorded_side=access.side,
        )
        _audit(
            actor,
            "note.add",
            entry,
            access.case,
            access.organisation_id,
            ["title", "body", "compartment"],
        )
    return entry


def update_note(
    *,
    actor: User,
    access: CaseAccess,
    entry: TimelineEntry,
    expected_version: int,
    title: str,
    body: str,
) -> TimelineEntry:
    """Change a note. Raises ConcurrentEditError on a stale version. Side effect: audit
    `note.update`."""
    with transaction.atomic():
        entry.title, entry.body, entry.edited_at = title, body, timezone.now()
        save_versioned(
            entry, fields=["title", "body", "edited_at"], expected_version=expected_version
        )
        _audit(actor, "note.update", entry, access.case, access.organisation_id, ["title", "body"])
    return entry


def may_share(access: CaseAccess, entry: TimelineEntry) -> bool:
    """Whether the actor's side owns `entry` and it is not protected."""
    return entry.compartment == access.side and entry.compartment != Compartment.PROTECTED


def share_refusal(access: CaseAccess, entry: TimelineEntry, with_side: str) -> str:
    """Why this share is not allowed, or "" when it is."""
    if entry.compartment == Compartment.PROTECTED:
        return _("Protected information is never shared: it could locate her or the children.")
    if not may_share(access, entry):
        return _("Only the side that holds an item can share it.")
    if with_side == access.side:
        return _("This side already reads the item.")
    if entry.compartment == Compartment.VICTIM and not consent_in_force(
        access, SCOPE_FOR_SIDE[with_side]
    ):
        return _(
            "No consent of the woman covers this: it was never given or has been withdrawn. "
            "Record her consent before sharing."
        )
    return ""


def share_entry(
    *, actor: User, access: CaseAccess, entry: TimelineEntry, with_side: str, purpose: str
) -> Share:
    """Share one item with another side, for a stated purpose. Raises SharingRefusedError with the
    reason when the barrier does not allow it. Side effects: a timeline entry on the
    owning side; audit `share.add`."""
    refusal = share_refusal(access, entry, with_side)
    if refusal:
        raise SharingRefusedError(refusal)
    with transaction.atomic():
        share = Share.objects.create(
            case=access.case, entry=entry, with_side=with_side, purpose=purpose, shared_by=actor
        )
        _log(
            access.case,
            EntryKind.ITEM_SHARED,
            entry.compartment,
            actor=actor,
            organisation_id=access.organisation_id,
            title=entry.title,
            recorded_side=access.side,
        )
        _audit(
            actor,
            "share.add",
            share,
            access.case,
            access.organisation_id,
            ["entry", "with_side", "purpose"],
        )
    return share


def withdraw_share(*, actor: User, access: CaseAccess, share: Share) -> None:
    """Stop a share: the other side no longer reads the item. Side effects: timeline entry on
    the owning side; audit `share.withdraw`."""
    with transaction.atomic():
        share.withdrawn_at, share.withdrawn_by = timezone.now(), actor
        share.save(update_fields=["withdrawn_at", "withdrawn_by"])
        _log(
            access.case,
            EntryKind.SHARE_WITHDRAWN,
            share.entry.compartment,
            actor=actor,
            organisation_id=access.organisation_id,
            title=share.entry.title,
            recorded_side=access.side,
        )
        _audit(
            actor, "share.withdraw", share, access.case, access.organisation_id, ["withdrawn_at"]
        )


PREPARATION_FIELDS = [
    "parent_consent_on",
    "consenting_parent",
    "court_or_guardian_route",
    "child_informed",
    "child_agrees",
    "support_person",
    "rights_explained",
    "may_record",
    "gender_and_needs",
    "professional_gender",
]


def prepare_child_assessment(
    *,
    actor: User,
    access: CaseAccess,
    child: Person,
    expected_version: int | None,
    **values: object,
) -> ChildAssessmentPreparation:
    """Record the four principles for one child before the assessment. Raises
    ConcurrentEditError on a stale version. Side effects: timeline entry; audit
    `child_preparation.save`."""
    with transaction.atomic():
        preparation = (
            ChildAssessmentPreparation.objects.visible_to(access).filter(child=child).first()
        )
        if preparation is None:
            try:
                with transaction.atomic():
                    preparation = ChildAssessmentPreparation.objects.create(
                        case=access.case, child=child, prepared_by=actor, **values
                    )
            except IntegrityError:
                raise ConcurrentEditError from None  # a colleague saved the first one meanwhile
        else:
            for key, value in values.items():
                setattr(preparation, key, value)
            preparation.prepared_by = actor
            save_versioned(
                preparation, fields=[*values, "prepared_by"], expected_version=expected_version or 0
            )
        _log(
            access.case,
            EntryKind.CHILD_PREPARATION,
            Compartment.JOINT,
            actor=actor,
            organisation_id=access.organisation_id,
            title=child.label,
        )
        _audit(
            actor,
            "child_preparation.save",
            preparation,
            access.case,
            access.organisation_id,
            sorted(values),
        )
    return preparation
