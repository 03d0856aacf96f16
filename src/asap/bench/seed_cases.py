"""The rows of one joint case: agencies, members, persons, notes, consent, five instrument
administrations with about fifty answers, three actions, two episodes, one or two meetings
with their minutes and invitations, his programme and two files (`seed_records`); and its
data keys, every encrypted value sealed under the key its model's `encryption_owner` names
(`asap.bench.sealing`)."""

import datetime
import functools
from typing import Any

from django.db import models

from asap.bench import shape
from asap.bench.answers import ANSWERS_PER_SOURCE, VARIANTS, Answers
from asap.bench.pools import Pools
from asap.bench.sealing import CaseKeys
from asap.bench.seed_records import RecordWriter
from asap.bench.writer import Table
from asap.cases.enums import (
    AgencyStatus,
    CaseStatus,
    Compartment,
    ConsentScope,
    EntryKind,
    PersonRole,
    Phase,
    ProtectedKind,
    Side,
)
from asap.cases.models import (
    CaseAgency,
    CaseMember,
    Consent,
    JointCase,
    Person,
    PersonNamePart,
    ProtectedDetail,
    TimelineEntry,
)
from asap.core import crypto, datakeys
from asap.core.models import DataKey
from asap.core.nameindex import name_digests
from asap.episodes.enums import EPISODE_COMPARTMENT, EpisodeSource
from asap.episodes.models import Episode
from asap.instruments.enums import Source
from asap.instruments.models import SOURCE_SIDE, Administration, Answer, SectionResult
from asap.meetings.models import Invitation, Meeting, Minutes
from asap.plans.models import ActionItem

PHASES = [Phase.REFERRAL, Phase.ASSESSMENT, Phase.INTERVENTION, Phase.FOLLOW_UP]
LEVELS = ["low", "intermediate", "high"]
STRICTNESS = ["joint", "perpetrator", "victim", "protected"]
SOURCE = {
    Side.PERPETRATOR: Source.PERPETRATOR_PROGRAMME,
    Side.VICTIM: Source.VICTIM_SUPPORT_SERVICE,
}
DAY = datetime.timedelta(days=1)


class CaseWriter:
    """Queues the rows of each case; `flush()` writes them."""

    def __init__(
        self, *, pools: Pools, regions: int, users: dict[int, int], now: datetime.datetime
    ) -> None:
        self.pools, self.regions, self.users, self.now = pools, regions, users, now
        self.today = now.date()
        self.answer_sets = Answers()
        self.organisation_ids = _organisation_ids(regions)
        self.tables: dict[type[models.Model], Table] = {}
        self.keys = CaseKeys(self._table(DataKey, CaseKeys.COLUMNS))
        self.name_indexes: dict[str, str] = {}
        self.name_digests: dict[str, list[str]] = {}
        self.t_case = self._table(
            JointCase,
            (
                "code phase status risk_level programme_start intervention_start "
                "programme_end follow_up_date next_due next_action_due opened_by_id "
                "opened_at updated_at version closing_reason"
            ),
        )
        self.t_agency = self._table(
            CaseAgency,
            (
                "case_id organisation_id side status invited_by_id invited_at message "
                "responded_by_id responded_at decline_reason"
            ),
        )
        self.t_member = self._table(
            CaseMember, "case_id user_id organisation_id side is_lead is_active joined_at left_at"
        )
        self.t_person = self._table(
            Person, "case_id role number name name_index year_of_birth gender created_at version"
        )
        self.t_name_part = self._table(PersonNamePart, "case_id person_id role digest")
        self.t_protected = self._table(
            ProtectedDetail, "case_id person_id kind value recorded_by_id recorded_at version"
        )
        self.t_entry = self._table(
            TimelineEntry,
            (
                "case_id at kind compartment author_id organisation_id title body edited_at "
                "version recorded_side"
            ),
        )
        self.t_consent = self._table(
            Consent,
            (
                "case_id scopes given_on note recorded_by_id recorded_at withdrawn_on "
                "withdrawn_by_id version given_by"
            ),
        )
        self.t_admin = self._table(
            Administration,
            (
                "case_id organisation_id definition_key definition_version "
                "definition_owner_id respondent compartment time_point due_on status "
                "opened_by_id opened_at completed_by_id completed_at version"
            ),
        )
        self.t_answer = self._table(
            Answer,
            "administration_id item source respondent compartment value answered_by_id answered_at",
        )
        self.t_result = self._table(
            SectionResult,
            "administration_id section rule_level final_level reason decided_by_id decided_at",
        )
        self.t_action = self._table(
            ActionItem,
            (
                "case_id need action term responsible responsible_user_id status "
                "dropped_reason compartment meeting_id created_by_id created_at "
                "last_changed_by_id last_changed_at version recorded_side"
            ),
        )
        self.t_episode = self._table(
            Episode,
            (
                "case_id entry_id source date_from date_to forms_of_violence severity "
                "children_present police_involved court_involved note reported_by_id "
                "organisation_id reported_at updated_at version"
            ),
        )
        self.t_meeting = self._table(
            Meeting,
            (
                "case_id organisation_id type_key timeline_version title starts_at "
                "ends_at mode venue link status steps_done created_by_id created_at "
                "updated_at version calendar_sequence"
            ),
        )
        self.t_invitation = self._table(Invitation, "meeting_id user_id invited_by_id invited_at")
        self.t_minutes = self._table(
            Minutes, "meeting_id decisions compartment written_by_id written_at updated_at version"
        )
        self.t_attended = self._table(Minutes.attended.through, "minutes_id user_id")
        # His programme and the attached files (`seed_records`), after the tables they need.
        self.records = RecordWriter(self._table, self._entry, self.keys)

    def _table(self, model: type[models.Model], columns: str) -> Table:
        table = self.tables[model] = Table(model, columns.split())
        return table

    def models(self) -> list[type[models.Model]]:
        return list(self.tables)

    def flush(self) -> None:
        for table in self.tables.values():  # in dependency order: the order of creation
            table.flush()

    def counts(self) -> dict[str, int]:
        return {t.model._meta.db_table: t.written for t in self.tables.values()}

    def case(self, index: int) -> None:
        plan = shape.CasePlan(index=index, regions=self.regions)
        k, p = plan.k, self.pools
        pp_org, vss_org = self.organisation_ids[plan.pp], self.organisation_ids[plan.vss]
        pp_user, vss_user = self.users[plan.pp_worker], self.users[plan.vss_worker]
        opened = self.now - datetime.timedelta(days=30 + k % 600, minutes=index % 1440)
        level = LEVELS[k % 3]
        status = CaseStatus.CLOSED if k % 10 == 9 else CaseStatus.OPEN
        follow_up = self.today + DAY * ((k % 120) - 20)
        next_action = self.today + DAY * ((k % 60) - 10)
        next_due = min(follow_up, next_action) if status == CaseStatus.OPEN else None
        case = self.t_case.add(
            shape.case_code(index), PHASES[k % 4], status, level, opened.date() + 14 * DAY,
            None, None, follow_up, next_due, next_action, pp_user, opened, opened, 1, "",
        )  # fmt: skip
        keys = self.keys
        keys.start(case, opened)
        self._agencies(case, plan, opened, pp_org, vss_org, pp_user, vss_user)
        person = self._person
        person(case, PersonRole.PERPETRATOR, p.men.pick(k), 1985 - k % 20, "male", opened)
        woman = person(case, PersonRole.VICTIM, p.women.pick(k), 1988 - k % 20, "female", opened)
        if plan.has_child:
            person(case, PersonRole.CHILD, p.children.pick(k), 2016 + k % 8, "", opened)
        address = keys.person(PersonRole.VICTIM, 1, p.addresses.pick(k))
        self.t_protected.add(case, woman, ProtectedKind.ADDRESS, address, vss_user, opened, 1)
        self.t_consent.add(
            case, [ConsentScope.PERPETRATOR_PROGRAMME], opened.date(),
            keys.side(Side.VICTIM, p.consent_notes.pick(k)), vss_user, opened, None, None, 1,
            "victim",  # her consent
        )  # fmt: skip
        entry = self._entry
        # An event of the platform (recorded by no side), as `open_case` writes it.
        entry(
            case, opened, EntryKind.CASE_OPENED, Compartment.JOINT, pp_user, pp_org, "",
            shape.organisation_name(plan.pp),
        )  # fmt: skip
        entry(
            case, opened + DAY, EntryKind.NOTE, Compartment.PERPETRATOR, pp_user, pp_org,
            Side.PERPETRATOR, p.note_titles.pick(k), p.note_bodies.pick(k),
        )  # fmt: skip
        entry(
            case, opened + 2 * DAY, EntryKind.NOTE, Compartment.VICTIM, vss_user, vss_org,
            Side.VICTIM, p.note_titles.pick(k + 1), p.note_bodies.pick(k + 1),
        )  # fmt: skip
        self._instruments(case, k, opened, pp_org, vss_org, pp_user, vss_user)
        meeting = self._meetings(case, plan, opened, pp_org, pp_user, vss_user)
        self.records.programme(case, k, opened.date() + 14 * DAY, opened, pp_org, pp_user)
        sides = {Side.PERPETRATOR: (pp_org, pp_user), Side.VICTIM: (vss_org, vss_user)}
        self.records.attachments(case, opened, sides)
        his = functools.partial(keys.side, Side.PERPETRATOR)  # the programme wrote the plan
        for n in range(3):
            self.t_action.add(
                case, his(p.needs.pick(k + n)), his(p.actions.pick(k + n)),
                next_action + n * 7 * DAY, his(p.responsible.pick(k + n)),
                pp_user if n != 1 else vss_user,
                "done" if n == 2 else "open", "", Compartment.JOINT, meeting if n == 0 else None,
                pp_user, opened, pp_user, opened, 1, Side.PERPETRATOR,
            )  # fmt: skip
        for n, (source, user, org, side) in enumerate(
            [
                (EpisodeSource.PERPETRATOR, pp_user, pp_org, Side.PERPETRATOR),
                (EpisodeSource.VICTIM, vss_user, vss_org, Side.VICTIM),
            ]
        ):
            at = opened + (20 + n) * DAY
            compartment = EPISODE_COMPARTMENT[source]
            episode_entry = entry(case, at, EntryKind.EPISODE, compartment, user, org, side)
            self.t_episode.add(
                case, episode_entry, source, at.date(), None, ["verbal", "psychological"][: 1 + n],
                ["low", "medium", "high"][(k + n) % 3], "no", n == 1, False,
                keys.side(source, p.episode_notes.pick(k)), user, org, at, at, 1,
            )  # fmt: skip

    def _person(self, case: int, role: str, name: str, *rest: Any) -> int:
        """A person of the case: the name under the person's key, with its blind index and
        its name parts (`asap.core.nameindex`)."""
        index = self.name_indexes.get(name)
        if index is None:
            index = self.name_indexes[name] = crypto.blind_index(name)
        digests = self.name_digests.get(name)
        if digests is None:
            digests = self.name_digests[name] = name_digests(name)
        sealed = self.keys.person(role, 1, name)
        person = self.t_person.add(case, role, 1, sealed, index, *rest, 1)
        for digest in digests:
            self.t_name_part.add(case, person, role, digest)
        return person

    def _entry(
        self,
        case: int,
        at: Any,
        kind: str,
        compartment: str,
        author: int,
        organisation: int,
        side: str,
        title: str = "",
        body: str = "",
    ) -> int:
        """A timeline entry, its texts under the key of the side that recorded them."""
        seal = functools.partial(self.keys.side, side)
        row = (case, at, kind, compartment, author, organisation, seal(title), seal(body))
        return self.t_entry.add(*row, None, 1, side)

    def _agencies(self, case: int, plan: shape.CasePlan, opened: Any, *ids: int) -> None:
        pp_org, vss_org, pp_user, vss_user = ids
        for org, side, user in [
            (pp_org, Side.PERPETRATOR, pp_user),
            (vss_org, Side.VICTIM, vss_user),
        ]:
            self.t_agency.add(
                case, org, side, AgencyStatus.ACTIVE, pp_user, opened, "", user, opened, ""
            )
            self.t_member.add(case, user, org, side, org == pp_org, True, opened, None)
        if plan.partner_contact is not None:
            contact = self.users[plan.partner_contact]
            self.t_member.add(case, contact, pp_org, Side.VICTIM, False, True, opened, None)
        if plan.cpu_status:
            cpu_org = self.organisation_ids[plan.cpu]
            active = plan.cpu_status == AgencyStatus.ACTIVE
            cpu_user = self.users[plan.cpu_worker]
            self.t_agency.add(
                case, cpu_org, Side.AGENCY, plan.cpu_status, vss_user, opened, "",
                cpu_user if active else None, opened if active else None, "",
            )  # fmt: skip
            if active:
                self.t_member.add(case, cpu_user, cpu_org, Side.AGENCY, False, True, opened, None)

    def _instruments(self, case: int, k: int, opened: Any, *ids: int) -> None:
        pp_org, vss_org, pp_user, vss_user = ids
        v = k % VARIANTS
        done = opened + 10 * DAY
        level = LEVELS[k % 3]
        admin = self.t_admin.add
        # The agreed risk assessment, answered by both sides.
        risk = admin(
            case, vss_org, "risk-checklist", 1, None, "worker", "joint", "", None, "completed",
            vss_user, opened, vss_user, done, 3,
        )  # fmt: skip
        self._answers(risk, "risk-checklist", Side.VICTIM, v, vss_user, done, "joint", 5)
        self._answers(risk, "risk-checklist", Side.PERPETRATOR, v, pp_user, done, "joint", 5)
        self.t_result.add(risk, "A", level, level, "", vss_user, done)
        self.t_result.add(risk, "B", "low", "low", "", vss_user, done)
        # The review in progress, answered by the programme so far.
        review = admin(
            case, pp_org, "risk-checklist", 1, None, "worker", "joint", "", None, "open",
            pp_user, done, None, None, 2,
        )  # fmt: skip
        self._answers(
            review, "risk-checklist", Side.PERPETRATOR, (v + 1) % VARIANTS, pp_user, done, "joint"
        )
        screening = admin(
            case, vss_org, "digital-violence", 1, None, "worker", "joint", "", None, "open",
            vss_user, done, None, None, 2,
        )  # fmt: skip
        self._answers(screening, "digital-violence", Side.VICTIM, v, vss_user, done, "joint")
        his = admin(
            case, pp_org, "outcome-perpetrator", 1, None, "perpetrator", "joint", "T0",
            opened.date(), "completed", pp_user, done, pp_user, done, 2,
        )  # fmt: skip
        self._answers(his, "outcome-perpetrator", Side.PERPETRATOR, v, pp_user, done, "joint")
        hers = admin(
            case, vss_org, "outcome-victim", 1, None, "victim", "victim", "T0", opened.date(),
            "completed", vss_user, done, vss_user, done, 2,
        )  # fmt: skip
        self._answers(hers, "outcome-victim", Side.VICTIM, v, vss_user, done, "victim")

    def _answers(
        self,
        administration: int,
        key: str,
        side: str,
        variant: int,
        user: int,
        at: Any,
        compartment: str,
        limit: int = ANSWERS_PER_SOURCE,
    ) -> None:
        respondent = self.answer_sets.definitions[key].respondent
        source = SOURCE[side]
        seal = functools.partial(self.keys.side, SOURCE_SIDE[source])
        for item, item_compartment, value in self.answer_sets.sets[key, side, variant][:limit]:
            strict = max(compartment, item_compartment, key=STRICTNESS.index)
            sealed = seal(value)
            self.t_answer.add(administration, item, source, respondent, strict, sealed, user, at)

    def _meetings(
        self, case: int, plan: shape.CasePlan, opened: Any, pp_org: int, *users: int
    ) -> int:
        p, k, keys = self.pools, plan.k, self.keys
        platform = functools.partial(keys.seal, datakeys.CASE)  # a meeting's texts
        pp_user = users[0]
        first = 0
        kinds = [("initial_assessment", opened + 12 * DAY, "held")]
        if plan.has_review:
            kinds.append(("periodic_review", self.now + (1 + k % 30) * DAY, "planned"))
        for n, (type_key, starts, status) in enumerate(kinds):
            meeting = self.t_meeting.add(
                case, pp_org, type_key, 1, platform(p.meeting_titles.pick(n)), starts,
                starts + datetime.timedelta(hours=1), "in_person",
                platform(p.venues.pick(0)), "", status,
                ["invitation"], pp_user, opened, opened, 1, 0,
            )  # fmt: skip
            first = first or meeting
            # An event of the platform (recorded by no side), as `schedule_meeting` writes it.
            self._entry(
                case, opened, EntryKind.MEETING, Compartment.JOINT, pp_user, pp_org, "",
                p.meeting_entries.pick(0),
            )  # fmt: skip
            for user in users:
                self.t_invitation.add(meeting, user, pp_user, opened)
            if status == "held":
                # Joint minutes: the side of their writer in the case (the programme's).
                decisions = keys.side(Side.PERPETRATOR, p.decisions.pick(k))
                minutes = self.t_minutes.add(
                    meeting, decisions, Compartment.JOINT, pp_user, starts, starts, 1
                )
                for user in users:
                    self.t_attended.add(minutes, user)
        return first


def _organisation_ids(regions: int) -> dict[int, int]:
    from asap.accounts.models import Organisation

    names = {shape.organisation_name(i): i for i in range(5 * regions)}
    return {
        names[name]: pk
        for pk, name in Organisation.objects.filter(name__in=list(names)).values_list("pk", "name")
    }
