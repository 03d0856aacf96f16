"""The access door: every read of case data goes through here.

It applies three things, each on its own line so that tests can prove every branch:
membership (an active member of the case, or a coordinator of an agency taking part, who
sees metadata only), side (perpetrator, victim, agency), and compartment (what a side may
read, plus what was shared with it). Someone with no relationship to a case gets 404, never
a hint that the case exists; a member asking for more than their side allows gets 403.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from asap.accounts.enums import OrganisationKind, Role
from asap.accounts.models import Organisation, User
from asap.cases.compartments import NAME_COMPARTMENT, compartment_of
from asap.cases.enums import (
    OWN_COMPARTMENTS,
    AgencyStatus,
    CaseStatus,
    Compartment,
    EntryKind,
    PersonRole,
    Side,
)
from asap.cases.models import (
    CaseAgency,
    CaseMember,
    ChildAssessmentPreparation,
    Consent,
    JointCase,
    Person,
    ProtectedDetail,
    Share,
    TimelineEntry,
)
from asap.core import audit
from asap.core.roles import CASE_ROLES

# What each action on a case needs.
METADATA, READ, VICTIM_SIDE = "metadata", "read", "victim_side"


def side_for(organisation: Organisation, role: str) -> str:
    """The side a worker of `organisation` holding `role` takes in a case.

    A perpetrator programme's partner-contact worker works with the woman: victim side.
    """
    if role == Role.PARTNER_CONTACT:
        return Side.VICTIM
    if organisation.kind == OrganisationKind.PERPETRATOR_PROGRAMME:
        return Side.PERPETRATOR
    if organisation.kind == OrganisationKind.VICTIM_SUPPORT_SERVICE:
        return Side.VICTIM
    return Side.AGENCY


def readable_compartments(side: str | None) -> frozenset[str]:
    """What a side reads without any share; nothing for someone on no side."""
    return OWN_COMPARTMENTS.get(side or "", frozenset())


@dataclass(frozen=True)
class CaseAccess:
    """What one user may do with one case, decided once per request."""

    case: JointCase
    user: User
    member: CaseMember | None

    @property
    def side(self) -> str | None:
        return self.member.side if self.member else None

    @property
    def is_member(self) -> bool:
        return self.member is not None

    @property
    def is_victim_side(self) -> bool:
        return self.side == Side.VICTIM

    @property
    def organisation_id(self) -> int | None:
        return self.member.organisation_id if self.member else None

    def may_read(self, compartment: str) -> bool:
        return compartment in readable_compartments(self.side)

    def writable_compartments(self) -> list[str]:
        """The compartments this member may file a note under (own side or joint)."""
        return [c for c in Compartment.values if c in readable_compartments(self.side)]


def _coordinated_organisation_ids(user: User) -> list[int]:
    return [o.pk for o in user.organisations_where(Role.COORDINATOR)]


def _member_case_ids(user: User) -> QuerySet[CaseMember]:
    return CaseMember.objects.filter(user=user, is_active=True).values("case_id")


def cases_for(user: User, *, filters: dict[str, Any] | None = None) -> QuerySet[JointCase]:
    """Cases `user` may list: those they are a member of, and (for a coordinator) those of
    the agencies they coordinate. Annotated with `my_side` (None: metadata only)."""
    filters = filters or {}
    visible = Q(pk__in=_member_case_ids(user))
    coordinated = _coordinated_organisation_ids(user)
    if coordinated:
        visible |= Q(
            pk__in=CaseAgency.objects.filter(
                organisation_id__in=coordinated, status=AgencyStatus.ACTIVE
            ).values("case_id")
        )
    my_side = CaseMember.objects.filter(case=OuterRef("pk"), user=user, is_active=True)
    cases = JointCase.objects.filter(visible).annotate(my_side=Subquery(my_side.values("side")[:1]))
    if filters.get("q"):
        cases = cases.filter(code__icontains=filters["q"].strip())
    if filters.get("phase"):
        cases = cases.filter(phase=filters["phase"])
    if filters.get("risk_level"):
        cases = cases.filter(risk_level=filters["risk_level"])
    if filters.get("mine"):
        cases = cases.filter(pk__in=_member_case_ids(user))
    if filters.get("overdue"):
        cases = cases.filter(status=CaseStatus.OPEN, next_due__lt=timezone.localdate())
    return cases.order_by("-opened_at", "-pk")


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list, names already reduced to what the viewer may see."""

    case: JointCase
    side: str | None
    names: list[str]

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.case.status == CaseStatus.OPEN
            and self.case.next_due
            and self.case.next_due < timezone.localdate()
        )


def case_rows(user: User, cases: Iterable[JointCase]) -> list[CaseRow]:
    """The visible names of each listed case, fetched in one query for the whole page.
    Side effect: one audit row `case.list` naming what was shown."""
    cases = list(cases)
    member_ids = [c.pk for c in cases if c.my_side]
    persons: dict[int, list[Person]] = {}
    for person in Person.objects.filter(case_id__in=member_ids).order_by("role", "pk"):
        persons.setdefault(person.case_id, []).append(person)
    rows = []
    for case in cases:
        readable = readable_compartments(case.my_side)
        names = [
            p.name
            for p in persons.get(case.pk, [])
            if p.name and NAME_COMPARTMENT[p.role] in readable
        ]
        rows.append(CaseRow(case=case, side=case.my_side, names=names))
    if cases:
        organisations = [m.organisation_id for m in user.active_memberships if m.role in CASE_ROLES]
        audit.record(
            actor=user,
            action="case.list",
            organisation_id=organisations[0] if organisations else None,
            fields=["code", "names", "phase", "risk_level"],
        )
    return rows


def case_for(user: User, case_id: int, action: str = READ) -> CaseAccess:
    """The case `case_id` as `user` may use it for `action`, or 404/403.

    Side effect: reading content (`READ`, `VICTIM_SIDE`) leaves an audit row `case.read`.
    """
    case = JointCase.objects.filter(pk=case_id).first()
    if case is None:
        raise Http404
    member = (
        CaseMember.objects.filter(case=case, user=user, is_active=True)
        .select_related("organisation")
        .first()
    )
    if member is None:
        coordinates = CaseAgency.objects.filter(
            case=case,
            organisation_id__in=_coordinated_organisation_ids(user),
            status=AgencyStatus.ACTIVE,
        ).exists()
        if not coordinates:
            raise Http404
        if action != METADATA:
            raise PermissionDenied("Coordinators who are not members see case metadata only.")
        return CaseAccess(case=case, user=user, member=None)
    if action == VICTIM_SIDE and member.side != Side.VICTIM:
        raise PermissionDenied("This part of the case is for victim-side members only.")
    access = CaseAccess(case=case, user=user, member=member)
    if action in (READ, VICTIM_SIDE):
        record_read(access, "case", ["content"])
    return access


def record_read(access: CaseAccess, what: str, fields: Iterable[str]) -> None:
    """Audit a read of case content, in its own transaction."""
    with transaction.atomic():
        audit.record(
            actor=access.user,
            action=f"{what}.read",
            obj=access.case,
            organisation_id=access.organisation_id or _reading_organisation(access),
            case_id=access.case.pk,
            fields=fields,
        )


def _reading_organisation(access: CaseAccess) -> int | None:
    """For a coordinator who is not a member: the coordinated agency taking part."""
    coordinated = _coordinated_organisation_ids(access.user)
    agency = CaseAgency.objects.filter(case=access.case, organisation_id__in=coordinated).first()
    return agency.organisation_id if agency else None


def _shared_with(side: str | None) -> Exists:
    return Exists(
        Share.objects.filter(entry=OuterRef("pk"), with_side=side, withdrawn_at__isnull=True)
    )


def entries_for(access: CaseAccess) -> QuerySet[TimelineEntry]:
    """The timeline entries the viewer may read: their side's compartments and what was
    shared with their side. Protected entries reach the victim side only, share or not."""
    if not access.is_member:
        return TimelineEntry.objects.none()
    readable = Q(compartment__in=readable_compartments(access.side))
    shared = Q(_shared_with(access.side)) & ~Q(compartment=Compartment.PROTECTED)
    return (
        TimelineEntry.objects.filter(case=access.case)
        .filter(readable | shared)
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


def mark_entries(access: CaseAccess, entries: Iterable[TimelineEntry]) -> None:
    """Tell the template which entries the viewer may edit or share."""
    writable = set(access.writable_compartments())
    for entry in entries:
        is_note = entry.kind == EntryKind.NOTE
        entry.may_edit = is_note and entry.compartment in writable
        entry.may_share = (
            is_note
            and entry.compartment == access.side
            and entry.compartment != Compartment.PROTECTED
        )


def shares_visible_to(access: CaseAccess) -> QuerySet[Share]:
    """Shares the viewer may see: those of their own side's items, and those made to them."""
    if not access.is_member:
        return Share.objects.none()
    return Share.objects.filter(case=access.case).filter(
        Q(entry__compartment=access.side) | Q(with_side=access.side)
    )


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
    persons = Person.objects.filter(case=access.case).select_related("assessment_preparation")
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
    person = Person.objects.filter(case=access.case, pk=person_id).first()
    if person is None or (role and person.role != role):
        raise Http404
    if not access.may_read(compartment_of(person, "name")):
        raise PermissionDenied("Only the victim side may change the woman's or a child's record.")
    return person


def child_record(access: CaseAccess, person_id: int) -> Person:
    """A child's row for a service to link to (never for display: use `persons_for`)."""
    child = Person.objects.filter(case=access.case, pk=person_id, role=PersonRole.CHILD).first()
    if child is None or not access.is_member:
        raise Http404
    return child


def protected_details_for(access: CaseAccess) -> QuerySet[ProtectedDetail]:
    """What locates or identifies the woman and children: victim side only, else nothing."""
    if not access.is_victim_side:
        return ProtectedDetail.objects.none()
    return ProtectedDetail.objects.filter(case=access.case).select_related("person")


def protected_detail_for(access: CaseAccess, detail_id: int) -> ProtectedDetail:
    detail = protected_details_for(access).filter(pk=detail_id).first()
    if detail is None:
        raise Http404
    return detail


def consents_for(access: CaseAccess) -> QuerySet[Consent]:
    """The woman's consents, victim side only."""
    if not access.is_victim_side:
        return Consent.objects.none()
    return Consent.objects.filter(case=access.case).select_related("recorded_by")


def consent_for(access: CaseAccess, consent_id: int) -> Consent:
    consent = consents_for(access).filter(pk=consent_id).first()
    if consent is None:
        raise Http404
    return consent


def consent_in_force(case: JointCase, scope: str) -> bool:
    """Whether the woman's consent covering `scope` is on record and not withdrawn."""
    return any(
        scope in consent.scopes
        for consent in Consent.objects.filter(case=case, withdrawn_on__isnull=True)
    )


def agencies_for(access: CaseAccess) -> QuerySet[CaseAgency]:
    """The agencies in the case (metadata: every member and coordinator sees them)."""
    return CaseAgency.objects.filter(case=access.case).select_related("organisation")


def members_for(access: CaseAccess) -> QuerySet[CaseMember]:
    """The active workers on the case (metadata)."""
    return CaseMember.objects.filter(case=access.case, is_active=True).select_related(
        "user", "organisation"
    )


def invitations_for(user: User) -> QuerySet[CaseAgency]:
    """Open invitations to the agencies where `user` works on cases."""
    organisation_ids = [m.organisation_id for m in user.active_memberships if m.role in CASE_ROLES]
    return (
        CaseAgency.objects.filter(organisation_id__in=organisation_ids, status=AgencyStatus.INVITED)
        .select_related("case", "organisation", "invited_by")
        .order_by("-invited_at")
    )


def invitation_for(user: User, agency_id: int) -> CaseAgency:
    invitation = invitations_for(user).filter(pk=agency_id).first()
    if invitation is None:
        raise Http404
    return invitation


def colleagues_for(user: User, organisation: Organisation) -> QuerySet[User]:
    """Who in `organisation` may be put on a case: holders of a case role there."""
    return (
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__role__in=CASE_ROLES,
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def case_role_of(user: User, organisation: Organisation) -> str:
    """The role that decides `user`'s side in `organisation` (partner contact first)."""
    roles = {m.role for m in user.active_memberships if m.organisation_id == organisation.pk}
    for role in (Role.PARTNER_CONTACT, Role.CASE_WORKER, Role.CHILD_PROTECTION_LEAD):
        if role in roles:
            return role
    return Role.COORDINATOR


def children_of(access: CaseAccess) -> list[PersonView]:
    return [p for p in persons_for(access) if p.role == PersonRole.CHILD]


def visible(access: CaseAccess, obj: Any, field: str = "id") -> bool:
    """Whether the viewer may read `field` of `obj` (a case record)."""
    if not access.is_member:
        return False
    if isinstance(obj, TimelineEntry):
        return entries_for(access).filter(pk=obj.pk).exists()
    return access.may_read(compartment_of(obj, field))
