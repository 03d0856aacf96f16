"""The access door: what a member reads of a case's records. Every read goes through
`Model.objects.visible_to(access)`: the one read policy (`asap.cases.policy`) decides."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404

from asap.cases.access.core import CaseAccess
from asap.cases.compartments import compartment_of
from asap.cases.enums import (
    Compartment,
    EntryKind,
    PersonRole,
)
from asap.cases.models import (
    ChildAssessmentPreparation,
    Consent,
    JointCase,
    Person,
    ProtectedDetail,
    Share,
    TimelineEntry,
)
from asap.cases.querysets import consent_givers


def entries_for(access: CaseAccess) -> QuerySet[TimelineEntry]:
    """The timeline entries the viewer may read, under the one read policy
    (`asap.cases.policy`): their side's compartments, joint content (her contributions only
    while her consent is in force), and what was shared with their side while shared."""
    return (
        TimelineEntry.objects.visible_to(access)
        .select_related("author", "organisation")
        .prefetch_related(
            Prefetch(
                "shares",
                queryset=shares_visible_to(access).select_related("shared_by"),
                to_attr="visible_shares",
            )
        )
        .order_by("-at", "-pk")
    )


def level_agreed_at(access: CaseAccess) -> Any:
    """When the case's risk level was last agreed (the latest readable "Risk level agreed"
    event, a joint event of the platform), or None. One query."""
    if not access.is_member or not access.case.risk_level:
        return None
    return (
        TimelineEntry.objects.visible_to(access)
        .filter(kind=EntryKind.RISK_LEVEL_SET)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )


def withheld_notice(access: CaseAccess, model: type[Model] = TimelineEntry) -> bool:
    """Whether some of `model`'s rows on the case are kept from the viewer only because a
    consent (hers, or his waiver) is not or no longer in force: to say so, never to show
    them. One query; other apps pass their model (its queryset has `withheld_from`)."""
    if not access.is_member:
        return False
    return model.objects.withheld_from(access).exists()


def withheld_by(access: CaseAccess) -> set[str]:
    """The sides whose timeline contributions are kept from the viewer by a consent not in
    force (victim: her consent; perpetrator: his waiver). One query."""
    if not access.is_member:
        return set()
    return set(
        TimelineEntry.objects.withheld_from(access)
        .order_by()
        .values_list("recorded_side", flat=True)
        .distinct()
    )


def mark_entries(access: CaseAccess, entries: Iterable[TimelineEntry]) -> None:
    """Tell the template which entries the viewer may edit or share."""
    writable = set(access.writable_compartments())
    for entry in entries:
        is_note = entry.kind == EntryKind.NOTE
        entry.may_edit = is_note and entry.compartment in writable
        entry.may_share = (
            entry.kind in (EntryKind.NOTE, EntryKind.EPISODE)
            and entry.compartment == access.side
            and entry.compartment != Compartment.PROTECTED
        )


def shares_visible_to(access: CaseAccess) -> QuerySet[Share]:
    """Shares the viewer may see: those of their own side's items, and those made to them
    of items they may read now (the policy)."""
    return Share.objects.visible_to(access)


def shares_in_force(access: CaseAccess) -> QuerySet[Share]:
    """The woman's items the other sides read now: what to review when she withdraws."""
    return (
        shares_visible_to(access)
        .filter(entry__compartment=Compartment.VICTIM, withdrawn_at__isnull=True)
        .select_related("entry")
        .order_by("-shared_at")
    )


def entry_for(access: CaseAccess, entry_id: int) -> TimelineEntry:
    """One readable timeline entry, or 404."""
    entry = entries_for(access).filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    return entry


def share_for(access: CaseAccess, share_id: int) -> Share:
    """A share of one of the viewer's own side's items (to withdraw it), or 404."""
    share = (
        shares_visible_to(access)
        .filter(pk=share_id, entry__compartment=access.side)
        .select_related("entry")
        .first()
    )
    if share is None:
        raise Http404
    return share


@dataclass(frozen=True)
class PersonView:
    """A person as one viewer may see them: a label where the name is not theirs to read."""

    pk: int
    role: str
    role_display: str
    label: str
    name: str
    year_of_birth: int | None
    gender_display: str
    version: int
    name_visible: bool
    preparation: ChildAssessmentPreparation | None

    @property
    def display_name(self) -> str:
        return self.name if self.name_visible and self.name else self.label


def persons_for(access: CaseAccess) -> list[PersonView]:
    """The case's persons, names only where the viewer's side may read them."""
    if not access.is_member:
        return []
    persons = Person.objects.visible_to(access).select_related("assessment_preparation")
    order = [PersonRole.PERPETRATOR, PersonRole.VICTIM, PersonRole.CHILD]
    views = []
    for person in sorted(persons, key=lambda p: (order.index(p.role), p.number, p.pk)):
        name_visible = access.may_read(compartment_of(person, "name"))
        views.append(
            PersonView(
                pk=person.pk,
                role=person.role,
                role_display=person.get_role_display(),
                label=person.label,
                name=person.name if name_visible else "",
                year_of_birth=person.year_of_birth,
                gender_display=person.get_gender_display() if person.gender else "",
                version=person.version,
                name_visible=name_visible,
                preparation=getattr(person, "assessment_preparation", None),
            )
        )
    return views


def person_for(access: CaseAccess, person_id: int, *, role: str | None = None) -> Person:
    """A person whose every field the viewer may read (to edit or prepare), or 403/404."""
    person = Person.objects.visible_to(access).filter(pk=person_id).first()
    if person is None or (role and person.role != role):
        raise Http404
    if not access.may_read(compartment_of(person, "name")):
        raise PermissionDenied("Only the victim side may change the woman's or a child's record.")
    return person


def child_record(access: CaseAccess, person_id: int) -> Person:
    """A child's row for a service to link to (never for display: use `persons_for`)."""
    child = Person.objects.visible_to(access).filter(pk=person_id, role=PersonRole.CHILD).first()
    if child is None:
        raise Http404
    return child


def protected_details_for(access: CaseAccess) -> QuerySet[ProtectedDetail]:
    """What locates or identifies the woman and children: victim side only, else nothing."""
    return ProtectedDetail.objects.visible_to(access).select_related("person")


def protected_detail_for(access: CaseAccess, detail_id: int) -> ProtectedDetail:
    detail = protected_details_for(access).filter(pk=detail_id).first()
    if detail is None:
        raise Http404
    return detail


def consents_for(access: CaseAccess) -> QuerySet[Consent]:
    """The consents the viewer's side keeps: hers for the victim side, his waiver for the
    perpetrator side, nothing for anyone else (the policy)."""
    return Consent.objects.visible_to(access).select_related("recorded_by")


def consents_kept(access: CaseAccess) -> list[Consent]:
    """The consents the viewer's side keeps, as `consents_for` reads them (newest first),
    from the policy's own read of the consents: no query once the reader is read. Filtered
    by the consents' policy (`consent_givers`): nothing for a non-member."""
    givers = consent_givers(access)
    if not givers:
        return []
    rows = [row for row in access.consents_read[2] if row.given_by in givers]
    if not all(row.note_read for row in rows):  # kept by a consent: the policy's own read
        return list(consents_for(access))
    return rows


def consent_for(access: CaseAccess, consent_id: int) -> Consent:
    consent = consents_for(access).filter(pk=consent_id).first()
    if consent is None:
        raise Http404
    return consent


def consent_in_force(case: JointCase | CaseAccess, scope: str, *, given_by: str = "victim"):
    """Whether her consent (or, `given_by="perpetrator"`, his waiver) covering `scope` is on
    record and not withdrawn. With an access, the policy's reader answers (no query once
    read); with a case (services without an access), the policy's own read of the scopes."""
    if isinstance(case, CaseAccess):
        her, his = case.reader.her_consent, case.reader.his_waiver
    else:
        her, his = Consent.objects.scopes_in_force(case)
    return scope in (his if given_by == PersonRole.PERPETRATOR else her)


def children_of(access: CaseAccess) -> list[PersonView]:
    return [p for p in persons_for(access) if p.role == PersonRole.CHILD]


def visible(access: CaseAccess, obj: Any, field: str = "id") -> bool:
    """Whether the viewer may read `field` of `obj` (a case record)."""
    if not access.is_member:
        return False
    if isinstance(obj, TimelineEntry):
        return TimelineEntry.objects.visible_to(access).filter(pk=obj.pk).exists()
    return access.may_read(compartment_of(obj, field))
