"""The access door: every read of case data goes through here.

It applies three things, each on its own line so that tests can prove every branch:
membership (an active member of the case, or a coordinator of an agency taking part, who
sees metadata only), side (perpetrator, victim, agency), and compartment (what a side may
read, plus what was shared with it). Someone with no relationship to a case gets 404, never
a hint that the case exists; a member asking for more than their side allows gets 403.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from asap.accounts.enums import OrganisationKind, Role
from asap.accounts.models import Organisation, User
from asap.cases.enums import (
    OWN_COMPARTMENTS,
    AgencyStatus,
    CaseStatus,
    Compartment,
    Side,
)
from asap.cases.models import (
    CaseAgency,
    CaseMember,
    Consent,
    JointCase,
    Person,
    PersonNamePart,
)
from asap.cases.policy import PLATFORM, Reader, may_read
from asap.core import audit, datakeys, refusals
from asap.core.roles import CASE_ROLES

# What each action on a case needs.
METADATA, READ, VICTIM_SIDE = "metadata", "read", "victim_side"
# A member's read (as READ) whose audit row the view writes itself, one more precise than
# `case.read` (the file downloaded, the programme's fields shown, the API's persons read):
# `CaseView` answers no successful GET of such a view that recorded none
# (`CaseAccess.reads_recorded`); the API's person reads record theirs before they answer.
READ_RECORDED_BY_VIEW = "read_recorded_by_view"


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
    """The compartments a side files under (its own and the joint one; protected for the
    victim side). Not a read filter: reads go through `Model.objects.visible_to(access)`
    (`asap.cases.policy`). Kept for the apps' write rules."""
    return OWN_COMPARTMENTS.get(side or "", frozenset())


@dataclass(frozen=True)
class CaseAccess:
    """What one user may do with one case, decided once per request."""

    case: JointCase
    user: User
    member: CaseMember | None

    @cached_property
    def reader(self) -> Reader:
        """The reader as the read policy sees them: side and the consents in force (one
        query, once per request)."""
        if self.member is None:
            return Reader(None)
        her, his, _rows = self.consents_read
        return Reader(self.member.side, her_consent=her, his_waiver=his)

    @cached_property
    def consents_read(self) -> tuple[frozenset[str], frozenset[str], list[Consent]]:
        """The policy's one read of the case's consents (`read_for_policy`): the scopes in
        force for the reader, and the rows for `consents_kept` (never handed out unfiltered)."""
        return Consent.objects.read_for_policy(self.case, self.side)

    @cached_property
    def reads_recorded(self) -> list[str]:
        """The audit actions of the reads recorded for this access in this request."""
        return []

    @cached_property
    def policy_memo(self) -> dict[Any, Any]:
        """The policy's querysets built for this access (`CaseContentManager.visible_to`):
        this access's only, never another user's, request's or case's."""
        return {}

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

    def may_read(self, compartment: str, recorded_by: str = PLATFORM) -> bool:
        """Whether this reader reads content of `compartment` recorded by `recorded_by`
        without a share: the read policy's answer (`asap.cases.policy.may_read`)."""
        return may_read(self.reader, compartment, recorded_by)

    def forget_consents(self) -> None:
        """Read the consents in force again (after recording or withdrawing one)."""
        self.__dict__.pop("reader", None)
        self.__dict__.pop("consents_read", None)
        self.__dict__.pop("policy_memo", None)

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
    # One IN over a UNION, not two INs joined by OR: an OR of subqueries makes the database
    # read every case of the platform (PostgreSQL: a sequential scan at 100,000 cases).
    visible = _member_case_ids(user)
    coordinated = _coordinated_organisation_ids(user)
    if coordinated:
        visible = visible.union(
            CaseAgency.objects.filter(
                organisation_id__in=coordinated, status=AgencyStatus.ACTIVE
            ).values("case_id")
        )
    my_side = CaseMember.objects.filter(case=OuterRef("pk"), user=user, is_active=True)
    cases = JointCase.objects.filter(pk__in=visible).annotate(
        my_side=Subquery(my_side.values("side")[:1])
    )
    if filters.get("q"):
        cases = cases.filter(code__icontains=filters["q"].strip())
    if filters.get("name_digests"):
        # The names the user's side searches in each of their cases (`asap.cases.access.names`).
        cases = cases.filter(
            pk__in=PersonNamePart.objects.search_for(user, filters["name_digests"])
        )
    if filters.get("phase"):
        cases = cases.filter(phase=filters["phase"])
    if filters.get("risk_level"):
        cases = cases.filter(risk_level=filters["risk_level"])
    if filters.get("mine"):
        cases = cases.filter(pk__in=_member_case_ids(user))
    if filters.get("status"):
        cases = cases.filter(status=filters["status"])
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
    datakeys.preload(member_ids)
    for person in Person.objects.named_for(user, member_ids).order_by("role", "pk"):
        persons.setdefault(person.case_id, []).append(person)
    rows = []
    for case in cases:
        names = [p.name for p in persons.get(case.pk, []) if p.name]
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


def _restricted(case_ref: str = "pk") -> Exists:
    """Whether a restriction of processing is in force on the case (GDPR art. 18, the
    dataprotection app): asked with the case itself, so an ordinary request costs nothing."""
    decisions = apps.get_model("dataprotection", "ErasureDecision").objects.filter(
        case_id=OuterRef(case_ref), outcome="restricted", lifted_at__isnull=True
    )
    return Exists(decisions)


def case_for(user: User, case_id: int, action: str = READ) -> CaseAccess:
    """The case `case_id` as `user` may use it for `action`, or 404/403.

    Side effect: reading content (`READ`, `VICTIM_SIDE`) leaves an audit row `case.read`; a
    refusal, the row `access.refused` naming the case (`asap.core.refusals`).
    """
    refusals.note_case_asked(case_id)
    # A member's case comes with the membership, in one query; anyone else's in its own.
    member = (
        CaseMember.objects.filter(case_id=case_id, user=user, is_active=True)
        .select_related("organisation", "case")
        .annotate(case_restricted=_restricted("case_id"))
        .first()
    )
    if member is not None:
        case = member.case
        case.restricted = member.case_restricted  # type: ignore[attr-defined]
    else:
        case = JointCase.objects.filter(pk=case_id).annotate(restricted=_restricted()).first()
        if case is None:
            raise Http404
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


def record_read(
    access: CaseAccess, what: str, fields: Iterable[str], obj: Model | None = None
) -> None:
    """Audit a read of case content (`obj`, the case itself by default), in its own
    transaction (`audit.record` opens it: a second block around it would cost a savepoint
    more on every read), and note it in `access.reads_recorded`."""
    audit.record(
        actor=access.user,
        action=f"{what}.read",
        obj=obj if obj is not None else access.case,
        organisation_id=access.organisation_id or _reading_organisation(access),
        case_id=access.case.pk,
        fields=fields,
    )
    access.reads_recorded.append(f"{what}.read")


def _reading_organisation(access: CaseAccess) -> int | None:
    """For a coordinator who is not a member: the coordinated agency taking part."""
    coordinated = _coordinated_organisation_ids(access.user)
    agency = CaseAgency.objects.filter(case=access.case, organisation_id__in=coordinated).first()
    return agency.organisation_id if agency else None


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
