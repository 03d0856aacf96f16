"""Meetings under the one read policy: a case meeting's parts through the reader's access,
her side's actions of a meeting only under her consent (with the notice), and team meetings
for the organising agency's coordinators and the people invited to them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from asap.accounts.enums import Role
from asap.cases import access
from asap.cases import services as cases
from asap.cases.enums import ConsentScope
from asap.core.scopes import named_scope
from asap.meetings import queries, services
from asap.meetings.models import Minutes
from asap.plans import services as plans
from tests.factories import persona
from tests.meetings.conftest import at
from tests.meetings.test_services import schedule

pytestmark = pytest.mark.django_db

HER_ACTION = "MEETING-ACTION-OF-HER-SIDE-7c1f"
WITHHELD = "the woman has not given, or has withdrawn, her consent"


def other_case(vss_worker):
    vss = vss_worker.active_memberships[0].organisation
    return cases.open_case(
        actor=vss_worker, organisation=vss, perpetrator_name="Other (test)", victim_name="Anna"
    )


@pytest.fixture
def meeting_with_her_action(joint_case, vss_worker, pp_worker):
    """A meeting whose minutes exist, with an action her side filed in the joint plan."""
    meeting = schedule(vss_worker, joint_case)
    vss_access = access.case_for(vss_worker, joint_case.pk)
    plans.add_action(
        actor=vss_worker,
        access=vss_access,
        need="Safety at handovers",
        action=HER_ACTION,
        term=at(20).date(),
        responsible="Centre",
        meeting_id=meeting.pk,
    )
    with named_scope("test"):
        Minutes.objects.create(meeting=meeting, decisions="Agreed.", written_by=pp_worker)
    return meeting


def test_her_sides_action_of_a_meeting_reaches_the_programme_only_with_her_consent(
    joint_case, vss_worker, pp_worker, signed_in_client, meeting_with_her_action
):
    url = f"/cases/{joint_case.pk}/meetings/{meeting_with_her_action.pk}/"
    her_page = signed_in_client(vss_worker).get(url).content.decode()
    assert HER_ACTION in her_page
    assert WITHHELD not in her_page
    programme = signed_in_client(pp_worker)
    page = programme.get(url).content.decode()
    assert "Agreed." in page  # the joint minutes are theirs
    assert HER_ACTION not in page
    assert WITHHELD in page  # said, never shown
    cases.record_consent(
        actor=vss_worker,
        access=access.case_for(vss_worker, joint_case.pk),
        scopes=[ConsentScope.PERPETRATOR_PROGRAMME],
        given_on=datetime.date(2026, 5, 1),
    )
    page = programme.get(url).content.decode()
    assert HER_ACTION in page
    assert WITHHELD not in page


def test_a_case_meetings_parts_are_read_through_that_cases_access_only(
    joint_case, vss_worker, pp_worker, meeting_with_her_action
):
    meeting = meeting_with_her_action
    pp_access = access.case_for(pp_worker, joint_case.pk)
    assert queries.minutes_of(meeting, pp_access).decisions == "Agreed."
    assert {u.pk for u in queries.invitees_of(meeting, pp_access)} == {vss_worker.pk, pp_worker.pk}
    # Without the case's access (as a team meeting would be read) it is refused.
    with pytest.raises(PermissionDenied):
        queries.minutes_of(meeting)
    with pytest.raises(PermissionDenied):
        queries.invitees_of(meeting, access.case_for(vss_worker, other_case(vss_worker).pk))


def test_a_team_meeting_is_read_by_its_coordinators_and_the_people_invited_only(
    joint_case, pp, vss, coordinator, signed_in_client
):
    invited = persona(Role.COORDINATOR, vss)
    uninvited = persona(Role.COORDINATOR, vss)
    meeting = services.schedule_team_meeting(
        actor=coordinator,
        organisation=pp,
        invitable=[invited, uninvited],
        title="Phase 1: roles of the agencies",
        starts_at=at(7),
        ends_at=at(7, 12),
        mode="in_person",
        venue="Programme training room",
        invitees=[invited],
    )
    services.write_minutes(
        actor=coordinator,
        meeting=meeting,
        expected_version=0,
        attended=[invited],
        decisions="Roles agreed.",
        invitable=[invited],
    )
    assert list(queries.team_meetings_for(coordinator)) == [meeting]
    assert list(queries.team_meetings_for(invited)) == [meeting]
    assert list(queries.team_meetings_for(uninvited)) == []
    assert queries.team_meetings_for(invited).get().has_minutes
    base = f"/meetings/{meeting.pk}/"
    guest = signed_in_client(invited)
    page = guest.get(base).content.decode()
    assert "Roles agreed." in page
    assert guest.get(f"{base}edit/").status_code == 403  # reads it, changes nothing
    assert guest.get(f"{base}minutes.pdf").status_code == 200
    assert signed_in_client(uninvited).get(base).status_code == 404
