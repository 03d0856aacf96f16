"""Scheduling, invitations, minutes and proposals, through the services."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext

from asap.cases import access
from asap.cases import services as cases
from asap.cases.enums import Compartment, EntryKind
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from asap.core.versioning import ConcurrentEditError
from asap.meetings import queries, services
from asap.meetings.models import Invitation
from asap.plans import queries as plans
from asap.plans import services as plan_services
from tests.factories import persona
from tests.meetings.conftest import ADDRESS, WOMAN, at

pytestmark = pytest.mark.django_db


def schedule(actor, case, **values):
    case_access = access.case_for(actor, case.pk)
    defaults = {
        "type_key": "periodic_review",
        "title": "First periodic review",
        "starts_at": at(4),
        "ends_at": at(4, 12),
        "mode": "in_person",
        "venue": "Programme meeting room",
        "invitees": [m.user for m in access.members_for(case_access)],
    }
    return services.schedule_meeting(actor=actor, access=case_access, **defaults | values)


def test_scheduling_invites_the_workers_with_the_calendar_file_and_the_code_only(
    joint_case, vss_worker, pp_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(vss_worker, joint_case)
    assert meeting.steps_done == ["invitation"]
    assert meeting.timeline_version == 1
    with named_scope("test"):
        invited = Invitation.objects.filter(meeting=meeting).values_list("user", flat=True)
        assert sorted(invited) == sorted([vss_worker.pk, pp_worker.pk])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([vss_worker.email, pp_worker.email])
    message = mail.outbox[0]
    # The agencies work in Italian (the factory's language): the e-mail is in Italian.
    assert message.subject == f"Invito: Verifica periodica · caso {joint_case.code}"
    attachment = message.attachments[0]
    assert (attachment.get_content_type(), attachment.get_param("method")) == (
        "text/calendar",
        "REQUEST",
    )
    content = attachment.get_content()
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == at(4)
    assert str(event["summary"]) == f"Verifica periodica · caso {joint_case.code}"
    assert str(event["location"]) == "Programme meeting room"
    everything = message.subject + message.body + str(content)
    assert WOMAN not in everything
    assert ADDRESS not in everything
    assert "First periodic review" not in everything  # the free-text title stays inside
    entry = access.entries_for(access.case_for(pp_worker, joint_case.pk)).first()
    assert (entry.kind, entry.compartment) == (EntryKind.MEETING, Compartment.JOINT)
    assert AuditEvent.objects.filter(action="meeting.schedule").count() == 1


def test_only_workers_of_the_case_are_invited(joint_case, vss_worker):
    outsider = persona("case_worker")
    with pytest.raises(PermissionDenied):
        schedule(vss_worker, joint_case, invitees=[outsider])


def test_an_edit_from_an_old_version_is_refused(joint_case, vss_worker, pp_worker):
    meeting = schedule(vss_worker, joint_case)
    members = [m.user for m in access.members_for(access.case_for(vss_worker, joint_case.pk))]
    pp_access = access.case_for(pp_worker, joint_case.pk)
    vss_access = access.case_for(vss_worker, joint_case.pk)
    change = {
        "invitable": members,
        "invitees": members,
        "status": "planned",
        "steps_done": ["coordination"],
        "title": "Moved review",
    }
    services.update_meeting(
        actor=pp_worker, access=pp_access, meeting=meeting, expected_version=1, **change
    )
    assert meeting.version == 2
    with pytest.raises(ConcurrentEditError):
        services.update_meeting(
            actor=vss_worker, access=vss_access, meeting=meeting, expected_version=1, **change
        )
    # A case meeting is changed through its case's access only.
    with pytest.raises(PermissionDenied):
        services.update_meeting(actor=vss_worker, meeting=meeting, expected_version=2, **change)


def test_a_change_of_time_tells_every_invitee_again(
    joint_case, vss_worker, pp_worker, django_capture_on_commit_callbacks
):
    meeting = schedule(vss_worker, joint_case)
    vss_access = access.case_for(vss_worker, joint_case.pk)
    members = [m.user for m in access.members_for(vss_access)]
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(
            actor=vss_worker,
            access=vss_access,
            meeting=meeting,
            expected_version=1,
            invitable=members,
            invitees=[pp_worker],
            status="planned",
            steps_done=[],
            starts_at=at(5),
            ends_at=at(5, 12),
        )
    # The one still invited is told of the change; the one taken off the list is told too,
    # with a cancellation of their copy.
    told = {m.to[0]: m.subject.split(": ")[0] for m in mail.outbox}
    with translation.override("it"):
        removed = gettext("No longer invited: %(summary)s").split(": ")[0]
    assert told == {pp_worker.email: "Riunione modificata", vss_worker.email: removed}
    invited = Invitation.objects.visible_to(vss_access).filter(meeting=meeting)
    assert list(invited.values_list("user", flat=True)) == [pp_worker.pk]
    assert meeting.steps_done == ["invitation"]  # kept: invitations went out


def test_minutes_with_two_new_actions_land_in_the_joint_action_plan(
    joint_case, vss_worker, pp_worker
):
    meeting = schedule(vss_worker, joint_case)
    pp_access = access.case_for(pp_worker, joint_case.pk)
    members = [m.user for m in access.members_for(pp_access)]
    minutes = services.write_minutes(
        actor=pp_worker,
        access=pp_access,
        meeting=meeting,
        expected_version=0,
        attended=members,
        decisions="Keep the weekly group; review the risk in June.",
        invitable=members,
        new_actions=[
            services.NewAction("Safety at handovers", "Police escort", at(20).date(), "Police"),
            services.NewAction(
                "His accountability",
                "Weekly group",
                at(30).date(),
                "Programme",
                responsible_user=pp_worker,
            ),
        ],
    )
    actions = list(plans.actions_for(pp_access).filter(meeting_id=meeting.pk))
    assert [(a.action, a.compartment) for a in actions] == [
        ("Police escort", "joint"),
        ("Weekly group", "joint"),
    ]
    assert list(plans.snapshots_for(pp_access).values_list("meeting_id", flat=True)) == [meeting.pk]
    meeting.refresh_from_db()
    assert meeting.status == "held"
    assert meeting.steps_done == ["invitation", "action_plan", "minutes"]
    assert sorted(u.pk for u in queries.attended_of(minutes)) == sorted(u.pk for u in members)
    assert minutes.compartment == "joint"

    # The next meeting's minutes move an open action on.
    item = actions[0]
    later = schedule(vss_worker, joint_case, starts_at=at(25), ends_at=at(25, 12))
    services.write_minutes(
        actor=vss_worker,
        access=access.case_for(vss_worker, joint_case.pk),
        meeting=later,
        expected_version=0,
        attended=[],
        decisions="The escort is in place.",
        invitable=members,
        action_updates=[services.ActionUpdate(item, "done", item.version)],
    )
    item.refresh_from_db()
    assert item.status == "done"


def test_minutes_changed_from_an_old_version_are_refused(joint_case, vss_worker):
    meeting = schedule(vss_worker, joint_case)
    vss_access = access.case_for(vss_worker, joint_case.pk)
    values = {"attended": [], "decisions": "First", "invitable": [], "access": vss_access}
    services.write_minutes(actor=vss_worker, meeting=meeting, expected_version=0, **values)
    services.write_minutes(actor=vss_worker, meeting=meeting, expected_version=1, **values)
    with pytest.raises(ConcurrentEditError):
        services.write_minutes(actor=vss_worker, meeting=meeting, expected_version=1, **values)
    with pytest.raises(ConcurrentEditError):
        services.write_minutes(actor=vss_worker, meeting=meeting, expected_version=0, **values)


def test_a_risk_alert_proposes_an_extraordinary_meeting_until_one_is_scheduled(
    joint_case, vss_worker, pp_worker
):
    pp_access = access.case_for(pp_worker, joint_case.pk)
    assert queries.proposals_for(pp_access) == []
    cases.set_risk_level(actor=vss_worker, access=pp_access, risk_level="high", alert=True)
    proposals = queries.proposals_for(access.case_for(pp_worker, joint_case.pk))
    assert [p.kind for p in proposals] == [EntryKind.RISK_ALERT]
    schedule(pp_worker, joint_case, type_key="periodic_review")
    assert len(queries.proposals_for(pp_access)) == 1  # a review is not the meeting asked for
    schedule(pp_worker, joint_case, type_key="extraordinary")
    assert queries.proposals_for(pp_access) == []


def test_the_timeline_suggests_reviews_every_three_months_of_the_intervention(
    joint_case, vss_worker
):
    vss_access = access.case_for(vss_worker, joint_case.pk)
    schedule(vss_worker, joint_case, starts_at=at(4), ends_at=at(4, 12))
    suggestions = queries.suggestions_for(vss_access, datetime.date(2026, 5, 10))
    assert [(s.label, s.meeting_type.key, s.due, s.scheduled) for s in suggestions] == [
        ("T0", "initial_assessment", datetime.date(2026, 1, 12), False),
        ("T2.1", "periodic_review", datetime.date(2026, 5, 2), True),
        ("T2.2", "periodic_review", datetime.date(2026, 8, 2), False),
    ]


def test_a_coordinator_schedules_a_phase_1_team_meeting_with_the_partner_agencys_team(
    joint_case, pp, pp_worker, vss_worker, coordinator, django_capture_on_commit_callbacks
):
    invitable = list(queries.team_invitees(pp))
    assert {vss_worker, pp_worker, coordinator} <= set(invitable)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.schedule_team_meeting(
            actor=coordinator,
            organisation=pp,
            invitable=invitable,
            title="Phase 1: common language",
            starts_at=at(6),
            ends_at=at(6, 13),
            mode="online",
            link="https://meet.example.org/asap-phase1",
            invitees=[vss_worker, pp_worker],
        )
    assert meeting.case is None
    assert meeting.type_key == "phase1_team"
    assert mail.outbox[0].subject == f"Invito: Riunione d'équipe della Fase 1 · {pp.name}"
    assert list(queries.team_meetings_for(coordinator)) == [meeting]
    with pytest.raises(PermissionDenied):
        services.schedule_team_meeting(
            actor=pp_worker,
            organisation=pp,
            invitable=invitable,
            title="Not mine to call",
            starts_at=at(6),
            ends_at=at(6, 13),
            mode="in_person",
            venue="Room 1",
        )


def test_plans_service_signatures_are_the_ones_the_minutes_use():
    import inspect

    assert {"meeting_id", "compartment", "responsible_user"} <= set(
        inspect.signature(plan_services.add_action).parameters
    )
    assert "meeting_id" in inspect.signature(plan_services.snapshot_plan).parameters
