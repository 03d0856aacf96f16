"""The `visible_to(access)` of every case-content model: `asap.cases.policy` applied to each.

Each queryset says where its model keeps the compartment, who recorded the row and how it
is shared; the decision itself is `policy.readable_q()`. Querysets outside this module and
the apps' own model modules never filter case content by hand.
"""

from typing import Any

from django.apps import apps
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When

from asap.cases.enums import Compartment, Side
from asap.cases.policy import PLATFORM, Reader, may_read, readable_q, withheld_q
from asap.core.fields import EncryptedTextField
from asap.core.scopes import CaseContentManager, CaseContentQuerySet

# An instrument answer's source names the agency kind that gave it.
SOURCE_SIDES = {
    Side.VICTIM: ["victim_support_service"],
    Side.PERPETRATOR: ["perpetrator_programme"],
    Side.AGENCY: ["other_agency"],
    PLATFORM: ["organisation"],
}


def reader(access: Any) -> Reader:
    return access.reader if access.is_member else Reader(None)


def shared_with(side: str | None, entry: str = "pk") -> Q:
    """The entry named by `entry` is shared with `side`, and the share is in force."""
    share = apps.get_model("cases", "Share")
    shares = share.objects.filter(
        entry=OuterRef(entry), with_side=side, withdrawn_at__isnull=True
    ).values("pk")
    shares.query.through_policy = True  # the policy's own subquery
    return Q(Exists(shares))


def entry_q(access: Any, prefix: str = "") -> Q:
    """What of the timeline `access` reads, for rows that own an entry at `prefix`: built
    once per access and prefix (kept in the access's own `policy_memo`, like its querysets)."""
    memo = getattr(access, "policy_memo", None)
    key = ("entry_q", prefix)
    if memo is not None and key in memo:
        return memo[key]
    built = readable_q(
        reader(access),
        compartment=f"{prefix}compartment",
        recorded=f"{prefix}recorded_side",
        shared=shared_with(access.side, prefix.rstrip("_") or "pk"),
    )
    if memo is not None:
        memo[key] = built
    return built


def readers_on(sides: dict[int, str | None]) -> dict[int, Reader]:
    """The policy's reader on each case of `sides` (case id to the reader's side there): the
    side, her consents and his waiver in force, read for every case in one query (the read
    `CaseAccess.reader` makes for one case)."""
    if not sides:
        return {}
    rows = (
        apps.get_model("cases", "Consent")
        .objects.filter(case_id__in=list(sides), withdrawn_on__isnull=True)
        .values_list("case_id", "given_by", "scopes")
    )
    rows.query.through_policy = True  # the policy's own read: scopes only
    her: dict[int, set[str]] = {}
    his: dict[int, set[str]] = {}
    for case_id, given_by, scopes in rows:
        (his if given_by == "perpetrator" else her).setdefault(case_id, set()).update(scopes)
    return {
        case_id: Reader(
            side,
            her_consent=frozenset(her.get(case_id, ())),
            his_waiver=frozenset(his.get(case_id, ())),
        )
        for case_id, side in sides.items()
    }


def readers_of_member(user: Any, *, open_cases: bool = False) -> dict[int, Reader]:
    """`readers_on` the cases where `user` is an active member (only the open ones with
    `open_cases`): two queries."""
    members = apps.get_model("cases", "CaseMember").objects.filter(user=user, is_active=True)
    if open_cases:
        members = members.filter(case__status="open")
    return readers_on(dict(members.values_list("case_id", "side")))


def across_cases_q(
    readers: dict[int, Reader],
    *,
    case_field: str = "case_id",
    shared: Any = None,
    **fields: Any,
) -> Q:
    """The filter that keeps, on each case of `readers`, what its reader there may read
    (`policy.readable_q`, `fields` naming the compartment and recorder columns; `shared(side)`
    the share filter where the model is shared). Cases whose readers are alike share one
    clause: the filter's size follows the kinds of reader, not the number of cases."""
    groups: dict[Reader, list[int]] = {}
    for case_id, who in readers.items():
        groups.setdefault(who, []).append(case_id)
    allowed = Q(pk__in=[])
    for who, case_ids in groups.items():
        extra = {"shared": shared(who.side)} if shared else {}
        allowed |= Q(**{f"{case_field}__in": case_ids}) & readable_q(who, **fields, **extra)
    return allowed


class MembersQuerySet(CaseContentQuerySet):
    """Joint rows that every member of the case reads (persons by label, preparations,
    meetings, snapshots): the case's rows for a member, nothing for anyone else."""

    case_field = "case"

    def policy(self, access: Any) -> "MembersQuerySet":
        if not access.is_member:
            return self.none()
        return self.filter(**{self.case_field: access.case})


class PersonQuerySet(MembersQuerySet):
    def named_for(self, user: Any, case_ids: list[int]) -> "PersonQuerySet":
        """Persons of the listed cases whose name `user` reads there: the man's for every
        member, the woman's and the children's for victim-side members only."""
        member = apps.get_model("cases", "CaseMember").objects.filter(
            case=OuterRef("case"), user=user, is_active=True
        )
        name_readable = Q(role="perpetrator", name_member=True) | Q(
            role__in=["victim", "child"], name_victim_member=True
        )
        queryset = (
            self.filter(case_id__in=case_ids)
            .annotate(
                name_member=Exists(member), name_victim_member=Exists(member.filter(side="victim"))
            )
            .filter(name_readable)
        )
        queryset.query.through_policy = True
        return queryset


class PersonNamePartQuerySet(CaseContentQuerySet):
    """A part of a name is read like the name: the man's by every member, the woman's and the
    children's by victim-side members."""

    def policy(self, access: Any) -> "PersonNamePartQuerySet":
        if not access.is_member:
            return self.none()
        rows = self.filter(case=access.case)
        if access.side == Side.VICTIM:
            return rows
        return rows.filter(role="perpetrator")

    def search_for(self, user: Any, digests: list[str]) -> QuerySet:
        """The ids of the cases where `user` is an active member and a person whose names
        they search there has every part in `digests`: the woman's and the children's names
        for a victim-side member, the man's for a perpetrator-side or agency member.
        Coordinators find nothing in the cases they are not members of."""
        wanted = sorted(set(digests))
        memberships = apps.get_model("cases", "CaseMember").objects.filter(
            user=user, is_active=True
        )
        victim_side = memberships.filter(side=Side.VICTIM).values("case_id")
        other_sides = memberships.exclude(side=Side.VICTIM).values("case_id")
        searched = Q(role__in=["victim", "child"], case_id__in=victim_side) | Q(
            role="perpetrator", case_id__in=other_sides
        )
        found = (
            # The member's own cases first, then the names: a common name has rows in
            # thousands of cases of the platform; a member has a few dozen cases.
            self.filter(digest__in=wanted, case_id__in=memberships.values("case_id"))
            .filter(searched)
            .values("case_id", "person_id")
            .annotate(parts=Count("digest", distinct=True))
            .filter(parts=len(wanted))
            .values("case_id")
        )
        found.query.through_policy = True  # the policy above, narrowed to the searched roles
        return found

    def matching_in_organisation(
        self, organisation_id: int, role: str, digests: list[str]
    ) -> QuerySet:
        """The ids of the open cases in which `organisation_id` takes part where a person of
        `role` has every part in `digests`: the duplicate warning on opening a case. Only
        the fact of a match within the opener's own organisation leaves this, never a name;
        the caller passes the woman's name only for an opener on the victim side."""
        wanted = sorted(set(digests))
        taking_part = (
            apps.get_model("cases", "CaseAgency")
            .objects.filter(organisation_id=organisation_id, status="active")
            .values("case_id")
        )
        found = (
            self.filter(digest__in=wanted, role=role, case_id__in=taking_part)
            .filter(case__status="open")
            .values("case_id", "person_id")
            .annotate(parts=Count("digest", distinct=True))
            .filter(parts=len(wanted))
            .values("case_id")
        )
        found.query.through_policy = True  # the opener's organisation only: see above
        return found


class ProtectedDetailQuerySet(CaseContentQuerySet):
    def policy(self, access: Any) -> "ProtectedDetailQuerySet":
        if not may_read(reader(access), Compartment.PROTECTED):
            return self.none()
        return self.filter(case=access.case)


class TimelineEntryQuerySet(CaseContentQuerySet):
    def policy(self, access: Any) -> "TimelineEntryQuerySet":
        if not access.is_member:
            return self.none()
        return self.filter(case=access.case).filter(entry_q(access))

    def withheld_from(self, access: Any) -> "TimelineEntryQuerySet":
        """Entries kept from `access` only by her choice (or his): to say so, never to show."""
        if not access.is_member:
            return self.none()
        queryset = self.filter(case=access.case).filter(withheld_q(reader(access)))
        queryset.query.through_policy = True
        return queryset


class ShareQuerySet(CaseContentQuerySet):
    """Shares of the reader's own side's items, and shares made to the reader's side of
    items the policy lets them read."""

    def policy(self, access: Any) -> "ShareQuerySet":
        if not access.is_member:
            return self.none()
        made_to_me = Q(with_side=access.side) & readable_q(
            reader(access),
            compartment="entry__compartment",
            recorded="entry__recorded_side",
            shared=Q(withdrawn_at__isnull=True),
        )
        return self.filter(case=access.case).filter(Q(entry__compartment=access.side) | made_to_me)


class ConsentQuerySet(CaseContentQuerySet):
    """Her consents reach the victim side; his waiver, the perpetrator side."""

    def policy(self, access: Any) -> "ConsentQuerySet":
        given_by = consent_givers(access)
        if not given_by:
            return self.none()
        return self.filter(case=access.case, given_by__in=given_by)

    def scopes_in_force(self, case: Any) -> tuple[frozenset[str], frozenset[str]]:
        """(her scopes, his scopes) in force on `case`: what the policy itself needs (the
        one-case `readers_on`)."""
        who = readers_on({case.pk: None})[case.pk]
        return who.her_consent, who.his_waiver

    def read_for_policy(
        self, case: Any, side: str | None
    ) -> tuple[frozenset[str], frozenset[str], list[Any]]:
        """(her scopes, his scopes) in force on `case`, and the case's consents, withdrawn or
        not, for the consents' list: one query for the reader and the list. The rows are the
        policy's own, kept on the access; they leave it only through
        `asap.cases.access.consents_kept`, filtered by this policy (`consent_givers`). A
        row's note is read (and decrypted) only where `side` keeps it without any consent
        (`given_by_kept_by`); the other rows carry no note."""
        kept = given_by_kept_by(Reader(side))
        rows = self.filter(case=case).only(
            "pk", "case_id", "given_by", "scopes", "given_on", "withdrawn_on"
        )
        rows = rows.annotate(
            kept_note=Case(
                When(given_by__in=kept, then=F("note")),
                default=Value(""),
                output_field=EncryptedTextField(),
            )
        )
        rows.query.through_policy = True  # the policy's own read: the notes as above
        her: set[str] = set()
        his: set[str] = set()
        found = list(rows)
        for row in found:
            row.note = row.kept_note
            row.note_read = row.given_by in kept
            if row.withdrawn_on is None:
                (his if row.given_by == "perpetrator" else her).update(row.scopes)
        return frozenset(her), frozenset(his), found


def consent_givers(access: Any) -> list[str]:
    """Whose consents (`given_by`) the viewer's side reads: hers for the victim side, his
    waiver for the perpetrator side, nobody's for anyone else (the consents' policy)."""
    return given_by_kept_by(reader(access))


def given_by_kept_by(who: Reader) -> list[str]:
    """`consent_givers` for a reader."""
    return [
        role
        for role, compartment in (
            ("victim", Compartment.VICTIM),
            ("perpetrator", Compartment.PERPETRATOR),
        )
        if may_read(who, compartment)
    ]


def manager(queryset: type[CaseContentQuerySet]) -> CaseContentManager:
    return CaseContentManager.from_queryset(queryset)()


class RecordedQuerySet(CaseContentQuerySet):
    """Rows with their own compartment and recorder (actions of the plan)."""

    def policy(self, access: Any) -> "RecordedQuerySet":
        if not access.is_member:
            return self.none()
        return self.filter(case=access.case).filter(readable_q(reader(access)))

    def withheld_from(self, access: Any) -> "RecordedQuerySet":
        if not access.is_member:
            return self.none()
        queryset = self.filter(case=access.case).filter(withheld_q(reader(access)))
        queryset.query.through_policy = True
        return queryset

    def of_member(self, user: Any) -> "RecordedQuerySet":
        """The rows `user` reads across the cases where they are an active member: on each
        case, what their side there reads under the consents in force on it (her consents,
        his waiver). For lists across cases (the home page's overdue actions). Two queries'
        worth of policy: the memberships, then the consents of those cases."""
        allowed = across_cases_q(readers_of_member(user))
        queryset = self.filter(allowed)
        queryset.query.through_policy = True
        return queryset

    def joint_to_keep(self, access: Any) -> "RecordedQuerySet":
        """Every joint row of the member's case, for a record that keeps each row with who
        recorded it and is filtered by this policy again whenever it is read (the plan's
        snapshots: `asap.plans.queries.snapshot_rows`). Never for display as it stands."""
        if not access.is_member:
            return self.none()
        queryset = self.filter(case=access.case, compartment=Compartment.JOINT)
        queryset.query.through_policy = True
        return queryset


class EntryOwnedQuerySet(CaseContentQuerySet):
    """Records that own a timeline entry (episodes, remote sessions): the entry decides."""

    def policy(self, access: Any) -> "EntryOwnedQuerySet":
        if not access.is_member:
            return self.none()
        return self.filter(case=access.case).filter(entry_q(access, "entry__"))

    def withheld_from(self, access: Any) -> "EntryOwnedQuerySet":
        if not access.is_member:
            return self.none()
        queryset = self.filter(case=access.case).filter(
            withheld_q(
                reader(access), compartment="entry__compartment", recorded="entry__recorded_side"
            )
        )
        queryset.query.through_policy = True
        return queryset


class AdministrationQuerySet(CaseContentQuerySet):
    """A case's administrations by their compartment; an organisation's own questionnaires
    (no case) through `of_organisation`."""

    def policy(self, access: Any) -> "AdministrationQuerySet":
        if not access.is_member:
            return self.none()
        return self.filter(case=access.case).filter(readable_q(reader(access), recorded=None))

    def of_organisation(self, organisation: Any) -> "AdministrationQuerySet":
        queryset = self.filter(organisation=organisation, case__isnull=True)
        queryset.query.through_policy = True
        return queryset


class AnswerQuerySet(CaseContentQuerySet):
    """Answers by their compartment and the side of their source, in readable
    administrations; her answers reach the other sides only while she consents."""

    def policy(self, access: Any) -> "AnswerQuerySet":
        if not access.is_member:
            return self.none()
        who = reader(access)
        return self.filter(administration__case=access.case).filter(
            readable_q(who, compartment="administration__compartment", recorded=None),
            readable_q(who, recorded="source", recorded_values=SOURCE_SIDES),
        )

    def withheld_from(self, access: Any) -> "AnswerQuerySet":
        if not access.is_member:
            return self.none()
        queryset = self.filter(administration__case=access.case).filter(
            withheld_q(reader(access), recorded="source", recorded_values=SOURCE_SIDES)
        )
        queryset.query.through_policy = True
        return queryset

    def of_organisation(self, organisation: Any) -> "AnswerQuerySet":
        queryset = self.filter(
            administration__organisation=organisation, administration__case__isnull=True
        )
        queryset.query.through_policy = True
        return queryset


class ResultQuerySet(CaseContentQuerySet):
    """Agreed levels: read with their administration."""

    def policy(self, access: Any) -> "ResultQuerySet":
        if not access.is_member:
            return self.none()
        return self.filter(administration__case=access.case).filter(
            readable_q(reader(access), compartment="administration__compartment", recorded=None)
        )

    def of_organisation(self, organisation: Any) -> "ResultQuerySet":
        queryset = self.filter(
            administration__organisation=organisation, administration__case__isnull=True
        )
        queryset.query.through_policy = True
        return queryset


class MeetingQuerySet(MembersQuerySet):
    """A case's meetings for its members; an organisation's team meetings (no case) for
    its workers, and for the people invited to them, through `of_organisations`."""

    def of_organisations(
        self, organisation_ids: list[int], *, invitee: Any = None
    ) -> "MeetingQuerySet":
        """Team meetings (no case, never a case meeting) of these organisations; with
        `invitee`, also those of any organisation to which `invitee` is invited."""
        held_by = Q(organisation_id__in=organisation_ids)
        if invitee is not None:
            held_by |= Q(invitations__user=invitee)
        queryset = self.filter(held_by, case__isnull=True)
        if invitee is not None:
            queryset = queryset.distinct()
        queryset.query.through_policy = True
        return queryset


class MeetingPartQuerySet(MembersQuerySet):
    """Invitations and minutes: read with their meeting."""

    case_field = "meeting__case"

    def of_organisations(
        self, organisation_ids: list[int], *, invitee: Any = None
    ) -> "MeetingPartQuerySet":
        """The parts of the team meetings `MeetingQuerySet.of_organisations` reads."""
        held_by = Q(meeting__organisation_id__in=organisation_ids)
        if invitee is not None:
            held_by |= Q(meeting__invitations__user=invitee)
        queryset = self.filter(held_by, meeting__case__isnull=True)
        if invitee is not None:
            queryset = queryset.distinct()
        queryset.query.through_policy = True
        return queryset


class MinutesQuerySet(MeetingPartQuerySet):
    def policy(self, access: Any) -> "MinutesQuerySet":
        return super().policy(access).filter(readable_q(reader(access), recorded=None))
