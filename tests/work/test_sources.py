"""Each source of My work: its item appears for the person who must act, and leaves the list
once done or dismissed. Items carry the case code, never content."""

import datetime

import pytest
from django.utils import timezone

from asap.accounts.enums import Role
from asap.agreements.enums import AgreementLevel, AgreementStatus
from asap.agreements.models import Agreement, Party
from asap.cases import access, services
from asap.cases.enums import Compartment, EntryKind
from asap.cases.policy import PLATFORM
from asap.core.scopes import named_scope
from asap.episodes import services as episodes
from asap.instruments import services as instruments
from asap.meetings import services as meetings
from asap.plans import services as plans
from asap.plans.enums import ActionStatus
from asap.work import services as work
from asap.work.enums import ItemKind
from asap.work.queries import item_for, items_for
from tests.episodes.conftest import episode_values
from tests.factories import OrganisationFactory, agreement_between, persona
from tests.work.conftest import open_joint_case, today

pytestmark = pytest.mark.django_db


def add_action(team, who: str, responsible, compartment=Compartment.JOINT, days=3):
    return plans.add_action(
        actor=getattr(team, who),
        access=team.access(who),
        need="WORK-NEED-CANARY",
        action="WORK-ACTION-CANARY",
        term=today() + datetime.timedelta(days=days),
        responsible="Centre",
        responsible_user=responsible,
        compartment=compartment,
    )


def test_an_action_appears_for_its_responsible_worker_and_leaves_when_completed(team):
    item = add_action(team, "vss", team.pp)
    key = f"action:{item.pk}"
    assert team.keys("pp", ItemKind.ACTION) == [key]
    assert team.keys("vss", ItemKind.ACTION) == []  # not responsible
    found = item_for(team.pp, key)
    assert (found.case_code, found.due, found.url) == (
        team.case.code,
        item.term,
        f"/cases/{team.case.pk}/plan/{item.pk}/",
    )
    assert "CANARY" not in repr(found)
    with named_scope("test"):
        item.refresh_from_db()
    plans.update_action(
        actor=team.pp,
        access=team.access("pp"),
        item=item,
        expected_version=item.version,
        status=ActionStatus.DONE,
    )
    assert team.keys("pp", ItemKind.ACTION) == []


def test_a_dismissed_item_leaves_only_the_dismissing_persons_list(team):
    item = add_action(team, "vss", team.partner, compartment=Compartment.VICTIM)
    key = f"action:{item.pk}"
    assert team.keys("partner", ItemKind.ACTION) == [key]
    work.dismiss_item(
        actor=team.partner, item=item_for(team.partner, key), reason="Handled by phone"
    )
    assert team.keys("partner", ItemKind.ACTION) == []


def test_her_unshared_episode_alert_never_reaches_the_perpetrator_side(team):
    """The barrier: the victim side's episode alert (planted) reaches the victim side, the
    partner contact too, and never the programme's facilitator."""
    episodes.record_episode(
        actor=team.vss, access=team.access("vss"), **episode_values(note="WORK-EPISODE-CANARY")
    )
    with named_scope("test"):
        from asap.cases.models import TimelineEntry

        alert = TimelineEntry.objects.get(case=team.case, kind=EntryKind.EPISODE_ALERT)
    assert alert.compartment == Compartment.VICTIM  # planted where it must not leak
    key = f"alert:{alert.pk}"
    assert team.keys("vss", ItemKind.ALERT) == [key]
    assert team.keys("partner", ItemKind.ALERT) == [key]
    assert team.keys("pp", ItemKind.ALERT) == []
    assert all("alert" not in i.key for i in items_for(team.pp))


def test_a_risk_alert_reaches_every_member_and_leaves_once_the_meeting_is_scheduled(team):
    services.set_risk_level(
        actor=team.vss, access=team.access("vss"), risk_level="high", alert=True
    )
    for who in ("vss", "pp", "partner"):
        assert len(team.keys(who, ItemKind.ALERT)) == 1, who
    item = items_for(team.pp)[0]
    assert item.url == f"/cases/{team.case.pk}/meetings/schedule/?type=extraordinary"
    start = timezone.now() + datetime.timedelta(days=2)
    meetings.schedule_meeting(
        actor=team.pp,
        access=team.access("pp"),
        type_key="extraordinary",
        title="Extraordinary meeting",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        mode="in_person",
        venue="Room 1",
    )
    for who in ("vss", "pp", "partner"):
        assert team.keys(who, ItemKind.ALERT) == [], who


def plant_programme_alert(team):
    """What the programme's service files for a drop-out: victim compartment, platform."""
    with named_scope("test"):
        return services.record_timeline(
            case=team.case,
            kind=EntryKind.PROGRAMME_ALERT,
            compartment=Compartment.VICTIM,
            actor=team.pp,
            organisation_id=team.pp_org.pk,
            title="Dropped out",
            recorded_side=PLATFORM,
        )


def test_a_programme_alert_is_the_victim_sides_task_and_done_once_for_the_side(team):
    entry = plant_programme_alert(team)
    key = f"alert:{entry.pk}"
    assert team.keys("partner", ItemKind.ALERT) == [key]
    assert team.keys("vss", ItemKind.ALERT) == [key]
    assert team.keys("pp", ItemKind.ALERT) == []  # planted: never the perpetrator side
    item = item_for(team.partner, key)
    assert item.team_task
    assert item.url == f"/cases/{team.case.pk}/plan/safety/"
    work.mark_done(actor=team.partner, item=item)
    assert team.keys("partner", ItemKind.ALERT) == []
    assert team.keys("vss", ItemKind.ALERT) == []  # the same side on the case: done for her too


def test_a_perpetrator_sides_done_leaves_the_victim_sides_alert(team):
    services.set_risk_level(
        actor=team.vss, access=team.access("vss"), risk_level="high", alert=True
    )
    [key] = team.keys("pp", ItemKind.ALERT)
    work.mark_done(actor=team.pp, item=item_for(team.pp, key))
    assert team.keys("pp", ItemKind.ALERT) == []
    assert team.keys("vss", ItemKind.ALERT) == [key]
    assert team.keys("partner", ItemKind.ALERT) == [key]


def test_an_outcome_questionnaire_due_appears_for_each_sides_lead_until_started(team):
    case = open_joint_case(
        (team.vss_org, team.pp_org),
        team.vss,
        team.pp,
        programme_start=today() + datetime.timedelta(days=5),
    )
    due = today() + datetime.timedelta(days=5)
    assert team.keys("pp", ItemKind.QUESTIONNAIRE) == [
        f"questionnaire:{case.pk}:perpetrator:T0:{due}"
    ]
    assert team.keys("vss", ItemKind.QUESTIONNAIRE) == [f"questionnaire:{case.pk}:victim:T0:{due}"]
    assert team.keys("partner", ItemKind.QUESTIONNAIRE) == []  # not a lead, not on that case
    instruments.start_administration(
        actor=team.pp,
        access=team.access("pp", case),
        key="outcome-perpetrator",
        time_point="T0",
        due_on=due,
    )
    assert team.keys("pp", ItemKind.QUESTIONNAIRE) == []
    assert len(team.keys("vss", ItemKind.QUESTIONNAIRE)) == 1


def test_an_outcome_questionnaire_withdrawn_is_due_again(team):
    due = today() + datetime.timedelta(days=5)
    case = open_joint_case((team.vss_org, team.pp_org), team.vss, team.pp, programme_start=due)
    key = f"questionnaire:{case.pk}:perpetrator:T0:{due}"
    started = instruments.start_administration(
        actor=team.pp,
        access=team.access("pp", case),
        key="outcome-perpetrator",
        time_point="T0",
        due_on=due,
    )
    assert team.keys("pp", ItemKind.QUESTIONNAIRE) == []
    instruments.withdraw_administration(
        actor=team.pp, access=team.access("pp", case), administration=started, title="T0"
    )
    assert team.keys("pp", ItemKind.QUESTIONNAIRE) == [key]


def test_a_timeline_meeting_to_schedule_appears_for_the_leads_until_scheduled(team):
    case = open_joint_case(
        (team.vss_org, team.pp_org),
        team.vss,
        team.pp,
        programme_start=today() + datetime.timedelta(days=10),
    )
    [key] = team.keys("vss", ItemKind.MEETING)
    assert key.startswith(f"meeting:{case.pk}:")
    assert team.keys("partner", ItemKind.MEETING) == []
    type_key = key.split(":")[2]
    start = timezone.now() + datetime.timedelta(days=10)
    meetings.schedule_meeting(
        actor=team.vss,
        access=team.access("vss", case),
        type_key=type_key,
        title="Start of the programme",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        mode="in_person",
        venue="Room 2",
    )
    assert team.keys("vss", ItemKind.MEETING) == []
    assert team.keys("pp", ItemKind.MEETING) == []


def test_an_invitation_awaits_the_invited_organisations_workers_until_accepted(team):
    police_org = OrganisationFactory()
    police = persona(Role.CASE_WORKER, police_org)
    agreement_between(team.vss_org, police_org)
    agreement_between(team.pp_org, police_org)
    services.invite_agency(actor=team.vss, access=team.access("vss"), organisation=police_org)
    assert team.keys("vss", ItemKind.INVITATION) == []  # the inviter has nothing to do
    [item] = [i for i in items_for(police) if i.kind == ItemKind.INVITATION]
    assert item.case_code == team.case.code
    invitation = access.invitations_for(police).get(case=team.case)
    services.accept_invitation(actor=police, invitation=invitation, member=police)
    assert [i for i in items_for(police) if i.kind == ItemKind.INVITATION] == []


def test_an_agreement_sent_for_sign_off_awaits_the_partys_coordinator(team):
    coordinator = persona(Role.COORDINATOR, team.pp_org)
    agreement = Agreement.objects.create(
        level=AgreementLevel.ORGANISATION,
        organisation=team.vss_org,
        title="Agreement (work test)",
        principles="p",
        scope="s",
        objectives="o",
        commitments="c",
        status=AgreementStatus.SENT,
        sent_at=timezone.now(),
    )
    party = Party.objects.create(agreement=agreement, organisation=team.pp_org)
    keys = [i.key for i in items_for(coordinator) if i.kind == ItemKind.AGREEMENT]
    assert keys == [f"agreement:{party.pk}"]
    assert [i for i in items_for(team.pp) if i.kind == ItemKind.AGREEMENT] == []
    Party.objects.filter(pk=party.pk).update(signed_at=timezone.now())
    assert [i for i in items_for(coordinator) if i.kind == ItemKind.AGREEMENT] == []


def test_the_list_is_soonest_first(team):
    later = add_action(team, "vss", team.pp, days=9)
    sooner = add_action(team, "vss", team.pp, days=2)
    assert team.keys("pp", ItemKind.ACTION) == [f"action:{sooner.pk}", f"action:{later.pk}"]


def test_an_account_recovery_waits_for_the_other_administrator_until_approved(team):
    from asap.accounts import recovery
    from asap.accounts import services as accounts
    from asap.accounts.models import RecoveryRequest

    first = persona(Role.ADMINISTRATOR, team.vss_org)
    second = persona(Role.CASE_WORKER, team.vss_org)
    accounts.grant_role(actor=None, user=second, organisation=team.vss_org, role=Role.ADMINISTRATOR)
    request = recovery.request_recovery(
        actor=first, person=team.vss, kind=RecoveryRequest.Kind.AUTHENTICATORS
    )
    assert request.state == RecoveryRequest.State.PENDING  # victim side: four eyes
    assert [i.key for i in items_for(second)] == [f"recovery:{request.pk}"]
    assert items_for(first) == []  # the one who asked does not approve
    assert team.keys("vss") == []
    recovery.approve_recovery(actor=second, recovery=request)
    assert items_for(second) == []


def test_each_case_is_read_with_its_own_consents(team):
    """Across cases the policy takes each case's consents: once she withdraws hers on one
    case, the joint action the victim side recorded there leaves the programme worker's list,
    and the same action on another case, where she still consents, stays."""
    other = open_joint_case((team.vss_org, team.pp_org), team.vss, team.pp)
    kept = add_action(team, "vss", team.pp)
    plans.add_action(
        actor=team.vss,
        access=team.access("vss", other),
        need="WORK-NEED-CANARY",
        action="WORK-ACTION-CANARY",
        term=today() + datetime.timedelta(days=4),
        responsible="Centre",
        responsible_user=team.pp,
        compartment=Compartment.JOINT,
    )
    assert len(team.keys("pp", ItemKind.ACTION)) == 2
    vss_access = team.access("vss", other)
    [consent] = access.consents_for(vss_access)
    services.withdraw_consent(
        actor=team.vss, access=vss_access, consent=consent, withdrawn_on=today()
    )
    assert team.keys("pp", ItemKind.ACTION) == [f"action:{kept.pk}"]
    assert len(team.keys("vss", ItemKind.ACTION)) == 0  # not the responsible worker


def test_the_home_pages_overdue_actions_take_each_cases_consents(team):
    """The home page's overdue actions (`my_overdue_actions`, one filter for all the
    worker's cases) read each case with its own consents, as My work does."""
    from asap.plans.queries import my_overdue_actions

    other = open_joint_case((team.vss_org, team.pp_org), team.vss, team.pp)
    kept = add_action(team, "vss", team.pp, days=-3)
    withheld = plans.add_action(
        actor=team.vss,
        access=team.access("vss", other),
        need="WORK-NEED-CANARY",
        action="WORK-ACTION-CANARY",
        term=today() - datetime.timedelta(days=4),
        responsible="Centre",
        responsible_user=team.pp,
        compartment=Compartment.JOINT,
    )
    assert {a.pk for a in my_overdue_actions(team.pp, today())} == {kept.pk, withheld.pk}
    vss_access = team.access("vss", other)
    [consent] = access.consents_for(vss_access)
    services.withdraw_consent(
        actor=team.vss, access=vss_access, consent=consent, withdrawn_on=today()
    )
    assert [a.pk for a in my_overdue_actions(team.pp, today())] == [kept.pk]
