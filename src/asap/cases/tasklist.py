"""What to do next in the protocol: a task list per phase (the GOV.UK task-list pattern).

Each task has a name that links to where it is done and a status: not started, in progress,
completed, or cannot start yet. `gather_facts` reads what the statuses need, through the
read policy and in a fixed number of queries (never one per item); `build_task_list` turns
those facts into the list and is pure, so each status is unit-tested. The facts are only
what the viewer may read: the perpetrator side never learns from its list whether her
consent is recorded, nor that she answered a checklist it cannot read.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from asap.cases.access import CaseAccess
from asap.cases.enums import AgencyStatus, CaseStatus, Phase, Side

RISK_CHECKLIST = "risk-checklist"
# The meetings of the protocol's timeline that review the case (meetings-timeline-v1.yaml).
REVIEW_MEETINGS = ("initial_assessment", "periodic_review")
START_POINTS = ("T0", "T1", "T2")
END_POINTS = ("T3", "T4")
PHASES = list(Phase.values)

NOT_STARTED, IN_PROGRESS, COMPLETED, CANNOT_START = (
    "not_started",
    "in_progress",
    "completed",
    "cannot_start",
)
STATUS_LABELS = {
    NOT_STARTED: pgettext_lazy("task status", "Not started"),
    IN_PROGRESS: pgettext_lazy("task status", "In progress"),
    COMPLETED: pgettext_lazy("task status", "Completed"),
    CANNOT_START: pgettext_lazy("task status", "Cannot start yet"),
}


@dataclass(frozen=True)
class Facts:
    """What the task statuses depend on, as one viewer may read it. `her_consent` is None
    for a reader who may not read her consent (anyone but the victim side); `his_waiver`
    None for anyone but the perpetrator side."""

    case_id: int
    side: str | None
    phase: str
    is_open: bool
    risk_level: str = ""
    her_consent: frozenset[str] | None = None
    his_waiver: frozenset[str] | None = None
    agencies: tuple[tuple[str, str], ...] = ()  # (side, status) of each agency
    checklist_id: int | None = None
    checklist_completed: bool = False
    answered_sides: frozenset[str] = frozenset()
    actions: int = 0
    review_meeting: bool = False
    # (time point, done) of each readable outcome questionnaire due so far
    outcome_points: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True)
class Task:
    key: str
    name: Any
    status: str
    url: str
    action: Any = ""  # the verb on the case page's main button when it is the next task
    optional: bool = False
    hint: Any = ""
    waiting: bool = False  # in progress, but on someone else (an invited agency)
    # The instrument the main button starts at once (a POST to instruments:start) when
    # nothing of it is started yet; `url` is then the assessments page, for the task list.
    start: str = ""

    @property
    def status_label(self) -> Any:
        return STATUS_LABELS[self.status]

    @property
    def is_actionable(self) -> bool:
        return self.status in (NOT_STARTED, IN_PROGRESS) and not self.waiting


@dataclass(frozen=True)
class PhaseTasks:
    phase: str
    label: Any
    tasks: list[Task]
    is_current: bool

    @property
    def is_done(self) -> bool:
        return all(t.status == COMPLETED for t in self.tasks if not t.optional)

    @property
    def completed(self) -> int:
        return sum(1 for t in self.tasks if t.status == COMPLETED)


@dataclass(frozen=True)
class TaskList:
    phases: list[PhaseTasks]
    next_task: Task | None
    next_phase: str | None  # proposed when the current phase's steps are done
    next_phase_label: Any = ""
    current: PhaseTasks | None = field(default=None)


def _status(done: bool, started: bool) -> str:
    return COMPLETED if done else IN_PROGRESS if started else NOT_STARTED


def _outcome_task(
    facts: Facts, key: str, within: tuple[str, ...], name: Any, hint: Any, url
) -> Task:
    """The outcome questionnaires due so far at the time points `within`: cannot start
    before the programme dates set them (`hint` says which), completed when all are done."""
    points = [done for point, done in facts.outcome_points if point in within]
    return Task(
        key,
        name,
        _status(all(points), any(points)) if points else CANNOT_START,
        url("instruments:list"),
        _("Fill in the outcome questionnaires"),
        hint=hint if not points else "",
    )


def _recorded(
    key: str,
    scopes: frozenset[str] | None,
    name: Any,
    where: str,
    action: Any,
    *,
    optional: bool = False,
) -> list[Task]:
    """The task of recording a consent (hers) or a waiver (his): none for a reader who may
    not read it (`scopes` None), completed while some of it is in force."""
    if scopes is None:
        return []
    return [Task(key, name, COMPLETED if scopes else NOT_STARTED, where, action, optional=optional)]


def _referral(facts: Facts, url) -> list[Task]:
    tasks = [
        *_recorded(
            "consent",
            facts.her_consent,
            _("Her consent to sharing"),
            url("cases:consent"),
            _("Record her consent"),
        ),
        *_recorded(
            "waiver",
            facts.his_waiver,
            _("His waiver of confidentiality"),
            url("cases:waiver"),
            _("Record his waiver"),
            optional=True,
        ),
    ]
    taking_part = {side for side, status in facts.agencies if status == AgencyStatus.ACTIVE}
    invited = any(status == AgencyStatus.INVITED for _side, status in facts.agencies)
    both = {Side.VICTIM, Side.PERPETRATOR} <= taking_part
    tasks.append(
        Task(
            "agencies",
            _("Partner agency invited and taking part"),
            _status(both, invited),
            url("cases:invite"),
            _("Invite a partner agency"),
            hint=_("Invited: waiting for the agency to accept.") if invited and not both else "",
            waiting=invited and not both,
        )
    )
    return tasks


def _assessment(facts: Facts, partner_in: bool, url) -> list[Task]:
    answered = {Side.VICTIM, Side.PERPETRATOR} <= facts.answered_sides
    checklist_done = answered or facts.checklist_completed or bool(facts.risk_level)
    if not partner_in and not checklist_done:
        checklist = CANNOT_START
    else:
        checklist = _status(checklist_done, facts.checklist_id is not None)
    where = (
        url("instruments:answer", facts.checklist_id)
        if facts.checklist_id
        else url("instruments:list")
    )
    if facts.risk_level:
        level = COMPLETED
    elif checklist != COMPLETED:
        level = CANNOT_START
    else:
        level = IN_PROGRESS if facts.checklist_completed else NOT_STARTED
    return [
        Task(
            "checklist",
            _("Joint risk checklist answered by both sides"),
            checklist,
            where,
            _("Answer the joint risk checklist"),
            # Answered by the reader's side: now on the other side.
            waiting=checklist == IN_PROGRESS and facts.side in facts.answered_sides,
            start=RISK_CHECKLIST if checklist == NOT_STARTED and not facts.checklist_id else "",
        ),
        Task("level", _("Risk level agreed"), level, where, _("Agree the risk level")),
    ]


def _intervention(facts: Facts, url) -> list[Task]:
    return [
        Task(
            "plan",
            _("Action plan drawn up"),
            COMPLETED if facts.actions else CANNOT_START if not facts.risk_level else NOT_STARTED,
            url("plans:list"),
            _("Add actions to the plan"),
        ),
        Task(
            "review",
            _("First review meeting scheduled"),
            COMPLETED
            if facts.review_meeting
            else CANNOT_START
            if not facts.risk_level
            else NOT_STARTED,
            url("meetings:schedule") + "?type=" + REVIEW_MEETINGS[1],
            _("Schedule the first review meeting"),
        ),
        _outcome_task(
            facts,
            "outcome_start",
            START_POINTS,
            _("Outcome questionnaires at the start (T0, T1, T2)"),
            _("Set the programme dates first."),
            url,
        ),
    ]


def _follow_up(facts: Facts, url) -> list[Task]:
    return [
        _outcome_task(
            facts,
            "outcome_end",
            END_POINTS,
            _("Outcome questionnaires at the end and at follow-up (T3, T4)"),
            _("Set the programme end first."),
            url,
        )
    ]


def build_task_list(facts: Facts) -> TaskList:
    """The tasks of every phase from `facts`, the next task, and the phase to propose."""

    def url(name: str, *args: Any) -> str:
        return reverse(name, args=[facts.case_id, *args])

    referral = _referral(facts, url)
    partner_in = next(t for t in referral if t.key == "agencies").status == COMPLETED
    by_phase = {
        Phase.REFERRAL: referral,
        Phase.ASSESSMENT: _assessment(facts, partner_in, url),
        Phase.INTERVENTION: _intervention(facts, url),
        Phase.FOLLOW_UP: _follow_up(facts, url),
    }
    labels = dict(Phase.choices)
    phases = [
        PhaseTasks(phase, labels[phase], tasks, phase == facts.phase)
        for phase, tasks in by_phase.items()
    ]
    current_index = PHASES.index(facts.phase) if facts.phase in PHASES else 0
    current = phases[current_index]
    next_task = None
    next_phase = None
    if facts.is_open:
        # The first task to do in the protocol's order, whichever phase it belongs to: moving
        # the phase on is a member's confirmation beside it, never a step in the way.
        tasks = [t for p in phases for t in p.tasks]
        next_task = next((t for t in tasks if t.is_actionable and not t.optional), None)
        if current.is_done and current_index + 1 < len(PHASES):
            next_phase = PHASES[current_index + 1]
    return TaskList(
        phases=phases,
        next_task=next_task,
        next_phase=next_phase,
        next_phase_label=labels[next_phase] if next_phase else "",
        current=current,
    )


def gather_facts(
    access: CaseAccess,
    agencies: list[Any],
    today: datetime.date | None = None,
    administrations: list[Any] | None = None,
) -> Facts:
    """The facts for a member's task list: each read through the policy, five queries
    whatever the case holds. `agencies`: the page's `access.agencies_for` rows;
    `administrations`: the case page's `instruments.queries.case_page_administrations`,
    when read already (then four queries: the checklist and the outcome points are in it)."""
    from asap.instruments.enums import AdministrationStatus  # instruments builds on cases
    from asap.instruments.queries import SIDE_OF_SOURCE, outcome_points

    case = access.case
    side = access.side
    reader = access.reader
    administration = apps.get_model("instruments", "Administration")
    answer = apps.get_model("instruments", "Answer")
    if administrations is None:
        checklist = (
            administration.objects.visible_to(access)
            .filter(definition_key=RISK_CHECKLIST)
            .exclude(status=AdministrationStatus.WITHDRAWN)  # started by mistake: not a step
            .order_by("-opened_at", "-pk")
            .values("pk", "status")
            .first()
        )
    else:  # newest first, withdrawn ones left out
        checklist = next(
            (
                {"pk": a.pk, "status": a.status}
                for a in administrations
                if a.definition_key == RISK_CHECKLIST
            ),
            None,
        )
    answered: set[str] = set()
    if checklist:
        sources = (
            answer.objects.visible_to(access)
            .filter(administration_id=checklist["pk"])
            .order_by()
            .values_list("source", flat=True)
            .distinct()
        )
        answered = {SIDE_OF_SOURCE[s] for s in sources if s in SIDE_OF_SOURCE}
    actions = apps.get_model("plans", "ActionItem").objects.visible_to(access).count()
    review = (
        apps.get_model("meetings", "Meeting")
        .objects.visible_to(access)
        .filter(type_key__in=REVIEW_MEETINGS)
        .exclude(status="cancelled")
        .exists()
    )
    today = today or timezone.localdate()
    points = tuple(
        (due.point.point, due.is_done)
        for due in outcome_points(access, today, administrations)
        if due.point.point != "T2" or due.point.due <= today
    )
    return Facts(
        case_id=case.pk,
        side=side,
        phase=case.phase,
        is_open=case.status == CaseStatus.OPEN,
        risk_level=case.risk_level,
        her_consent=reader.her_consent if side == Side.VICTIM else None,
        his_waiver=reader.his_waiver if side == Side.PERPETRATOR else None,
        agencies=tuple((a.side, a.status) for a in agencies),
        checklist_id=checklist["pk"] if checklist else None,
        checklist_completed=bool(checklist and checklist["status"] == "completed"),
        answered_sides=frozenset(answered),
        actions=actions,
        review_meeting=review,
        outcome_points=points,
    )


def task_list_for(
    access: CaseAccess,
    agencies: list[Any],
    today: datetime.date,
    administrations: list[Any] | None = None,
) -> TaskList:
    """A member's task list (see `gather_facts` and `build_task_list`)."""
    return build_task_list(gather_facts(access, agencies, today, administrations))
