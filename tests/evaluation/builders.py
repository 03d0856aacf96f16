"""Cases with a record of every kind the dashboards count, built directly with the ORM."""

import datetime
import json

from django.utils import timezone

from asap.cases.enums import AgencyStatus, Side
from asap.cases.models import CaseAgency, JointCase, Person, ProtectedDetail, TimelineEntry
from asap.episodes.models import Episode
from asap.evaluation.period import Period
from asap.instruments.models import Administration, Answer, SectionResult
from asap.meetings.models import Meeting
from asap.plans.models import ActionItem


def completed(case, organisation, key, respondent, time_point="", when=None):
    return Administration.objects.create(
        case=case,
        organisation=organisation,
        definition_key=key,
        definition_version=1,
        respondent=respondent,
        time_point=time_point,
        status="completed",
        completed_at=when or timezone.now(),
    )


def answer(administration, item, value, source="victim_support_service"):
    Answer.objects.create(
        administration=administration,
        item=item,
        source=source,
        respondent=administration.respondent,
        compartment="victim" if administration.respondent == "victim" else "joint",
        value=json.dumps(value),
    )


def full_case(organisation, *, phase="intervention", secrets: dict[str, str] | None = None):
    """A case the organisation takes part in, with an episode from each source, two actions
    (one done, one overdue), two past meetings (one held), a risk assessment and the woman's
    and the man's outcome questionnaires at T0 and T3. `secrets` plants protected values."""
    secrets = secrets or {}
    case = JointCase.objects.create(phase=phase, risk_level="high")
    CaseAgency.objects.create(
        case=case, organisation=organisation, side=Side.VICTIM, status=AgencyStatus.ACTIVE
    )
    woman = Person.objects.create(case=case, role="victim", name=secrets.get("name", "W"))
    Person.objects.create(case=case, role="child", name=secrets.get("child", "C"))
    if "address" in secrets:
        ProtectedDetail.objects.create(
            case=case, person=woman, kind="address", value=secrets["address"]
        )
    now = timezone.now()
    for source in ["perpetrator", "victim", "agency"]:
        entry = TimelineEntry.objects.create(
            case=case,
            at=now,
            kind="episode",
            compartment="victim" if source == "victim" else "joint",
            body=secrets.get("note", ""),
        )
        Episode.objects.create(
            case=case,
            entry=entry,
            source=source,
            date_from=timezone.localdate(),
            severity="medium",
            children_present="no",
            note=secrets.get("note", ""),
        )
    today = timezone.localdate()
    for status, term in [("done", today), ("open", today - datetime.timedelta(days=3))]:
        ActionItem.objects.create(
            case=case,
            need=secrets.get("note", "need"),
            action="act",
            term=term,
            responsible="someone",
            status=status,
        )
    # A week ago, or the first moment of the year: inside the dashboards' default period.
    past = max(now - datetime.timedelta(days=7), Period.current_year().since)
    for status in ["held", "planned"]:
        Meeting.objects.create(
            case=case,
            organisation=organisation,
            type_key="periodic_review",
            timeline_version=1,
            title="Review",
            starts_at=past,
            ends_at=past + datetime.timedelta(hours=1),
            mode="in_person",
            status=status,
        )
    risk = completed(case, organisation, "risk-checklist", "worker")
    SectionResult.objects.create(
        administration=risk, section="A", rule_level="high", final_level="high"
    )
    for respondent, start, end in [
        ("victim", "weekly_or_more", "never"),
        ("perpetrator", "monthly", "once"),
    ]:
        key = f"outcome-{respondent}"
        t0 = completed(case, organisation, key, respondent, "T0")
        answer(t0, "physical", start)
        answer(t0, "verbal", start)
        t3 = completed(case, organisation, key, respondent, "T3")
        answer(t3, "physical", end)
        if "note" in secrets:
            answer(t3, "wellbeing_text", secrets["note"])
    return case


def organisation_questionnaire(organisation, value="agree"):
    administration = Administration.objects.create(
        organisation=organisation,
        definition_key="organisational-behaviour",
        definition_version=1,
        respondent="organisation",
        status="completed",
        completed_at=timezone.now(),
    )
    for item in ["challenge_trust", "aspect_goals"]:
        Answer.objects.create(
            administration=administration,
            item=item,
            source="organisation",
            respondent="organisation",
            value=json.dumps(value),
        )
    return administration
