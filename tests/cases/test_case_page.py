"""The case page at a glance (summary, task list, next phase) and the timeline's own page
(filters, pages), with planted values and flat query counts."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asap.cases import access, services
from asap.cases.enums import Compartment, EntryKind, Phase
from asap.cases.models import JointCase, TimelineEntry
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope

pytestmark = pytest.mark.django_db


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def note(user, case, title: str, compartment: str = Compartment.JOINT) -> None:
    services.add_note(
        actor=user,
        access=access.case_for(user, case.pk),
        title=title,
        body=f"{title} body",
        compartment=compartment,
    )


def consent(vss_worker, case) -> None:
    services.record_consent(
        actor=vss_worker,
        access=access.case_for(vss_worker, case.pk),
        scopes=["perpetrator_programme"],
        given_on=datetime.date(2026, 1, 10),
    )


# --- the summary and the task list -------------------------------------------------------


def test_her_consent_is_summarised_for_the_victim_side_only(
    joint_case, vss_worker, pp_worker, signed_in_client
):
    url = reverse("cases:detail", args=[joint_case.pk])
    vss, pp = signed_in_client(vss_worker), signed_in_client(pp_worker)
    assert "No consent recorded: nothing of hers can be shared." in get(vss, url)
    programme_before = get(pp, url)
    consent(vss_worker, joint_case)
    victim_page = get(vss, url)
    assert "Sharing information with the perpetrator programme" in victim_page
    programme_after = get(pp, url)
    assert "Kept by the victim side: your side does not see it." in programme_after
    shown_to_her_side = [
        "Sharing information with the perpetrator programme",
        'text-bg-success">in force<',
        "Record her",
    ]
    assert all(shown in victim_page for shown in shown_to_her_side[:2])
    for shown in shown_to_her_side:
        assert shown not in programme_after
    # Her consent changed nothing the programme reads on its case page but the timeline's
    # latest entries (it now reads her side's joint events).
    assert programme_before.count("Her consent") == programme_after.count("Her consent")


def test_the_next_task_is_the_main_action(joint_case, vss_worker, signed_in_client):
    body = get(signed_in_client(vss_worker), reverse("cases:detail", args=[joint_case.pk]))
    consent_url = reverse("cases:consent", args=[joint_case.pk])
    assert f'<a class="btn btn-primary" href="{consent_url}">Record her consent</a>' in body
    assert "Move to the next phase" not in body


def test_a_done_phase_is_proposed_and_a_member_moves_it(joint_case, vss_worker, signed_in_client):
    consent(vss_worker, joint_case)
    client = signed_in_client(vss_worker)
    url = reverse("cases:detail", args=[joint_case.pk])
    assert "Move to the next phase: Joint risk assessment" in get(client, url)
    version = JointCase.objects.get(pk=joint_case.pk).version
    move = reverse("cases:move_phase", args=[joint_case.pk])
    response = client.post(move, {"from_phase": Phase.REFERRAL, "version": version})
    assert response.status_code == 302
    case = JointCase.objects.get(pk=joint_case.pk)
    assert case.phase == Phase.ASSESSMENT
    with named_scope("test"):
        entry = TimelineEntry.objects.filter(case=case).order_by("-pk").first()
    assert (entry.kind, entry.compartment) == (EntryKind.PHASE_MOVED, Compartment.JOINT)
    assert entry.title == "Phase moved to: Joint risk assessment"
    event = AuditEvent.objects.filter(action="case.phase", case_id=case.pk).get()
    assert (event.actor_id, event.fields) == (vss_worker.pk, ["phase"])
    # The same click again (a stale page) moves nothing twice.
    again = client.post(move, {"from_phase": Phase.REFERRAL, "version": case.version})
    assert again.status_code == 409
    assert JointCase.objects.get(pk=case.pk).phase == Phase.ASSESSMENT


def test_a_phase_whose_steps_are_not_done_refuses_the_move(
    joint_case, vss_worker, signed_in_client
):
    client = signed_in_client(vss_worker)
    body = get(client, reverse("cases:detail", args=[joint_case.pk]))
    assert "Move to the next phase" not in body  # her consent is not recorded yet
    move = reverse("cases:move_phase", args=[joint_case.pk])
    version = JointCase.objects.get(pk=joint_case.pk).version
    response = client.post(move, {"from_phase": Phase.REFERRAL, "version": version})
    assert response.status_code == 409
    assert "The steps of this phase are not all completed yet." in html.unescape(
        response.content.decode()
    )
    case = JointCase.objects.get(pk=joint_case.pk)
    assert (case.phase, case.version) == (Phase.REFERRAL, version)
    assert not AuditEvent.objects.filter(action="case.phase").exists()
    # Once her consent is recorded the same move goes through.
    consent(vss_worker, joint_case)
    version = JointCase.objects.get(pk=joint_case.pk).version
    response = client.post(move, {"from_phase": Phase.REFERRAL, "version": version})
    assert response.status_code == 302
    assert JointCase.objects.get(pk=joint_case.pk).phase == Phase.ASSESSMENT


def test_a_closed_case_refuses_the_move(joint_case, vss_worker, signed_in_client):
    consent(vss_worker, joint_case)
    services.close_case(
        actor=vss_worker,
        access=access.case_for(vss_worker, joint_case.pk),
        reason="completed",
        note="Closed for the test",
        expected_version=JointCase.objects.get(pk=joint_case.pk).version,
    )
    case = JointCase.objects.get(pk=joint_case.pk)
    client = signed_in_client(vss_worker)
    assert "Move to the next phase" not in get(
        client, reverse("cases:detail", args=[joint_case.pk])
    )
    move = reverse("cases:move_phase", args=[joint_case.pk])
    response = client.post(move, {"from_phase": Phase.REFERRAL, "version": case.version})
    assert response.status_code == 423
    assert JointCase.objects.get(pk=joint_case.pk).phase == Phase.REFERRAL
    assert not AuditEvent.objects.filter(action="case.phase").exists()


def test_someone_outside_the_case_cannot_move_it(
    joint_case, vss_worker, outsider, coordinator, signed_in_client
):
    consent(vss_worker, joint_case)
    move = reverse("cases:move_phase", args=[joint_case.pk])
    data = {"from_phase": Phase.REFERRAL, "version": joint_case.version}
    assert signed_in_client(outsider).post(move, data).status_code == 404
    assert signed_in_client(coordinator).post(move, data).status_code == 403
    assert JointCase.objects.get(pk=joint_case.pk).phase == Phase.REFERRAL


# --- the timeline's own page -------------------------------------------------------------


def test_the_timeline_filters_by_kind_and_compartment_within_what_the_side_reads(
    joint_case, vss_worker, pp_worker, signed_in_client
):
    note(vss_worker, joint_case, "VICTIMONLY-9a1", Compartment.VICTIM)
    note(pp_worker, joint_case, "PPONLY-4c2", Compartment.PERPETRATOR)
    note(pp_worker, joint_case, "JOINTPP-7e3")
    url = reverse("cases:timeline", args=[joint_case.pk])
    vss, pp = signed_in_client(vss_worker), signed_in_client(pp_worker)
    notes = get(vss, f"{url}?kind=note")
    assert ("VICTIMONLY-9a1" in notes, "JOINTPP-7e3" in notes, "Agency invited" in notes) == (
        True,
        True,
        False,
    )
    victim_only = get(vss, f"{url}?compartment=victim")
    assert ("VICTIMONLY-9a1" in victim_only, "JOINTPP-7e3" in victim_only) == (True, False)
    # The programme asks for her compartment: the policy still decides, nothing comes back.
    asked = get(pp, f"{url}?compartment=victim&kind=note")
    assert "VICTIMONLY-9a1" not in asked
    assert "Nothing you may read matches these filters." in asked
    assert "PPONLY-4c2" in get(pp, f"{url}?compartment=perpetrator")


def test_the_filter_options_say_nothing_about_what_the_case_holds(
    joint_case, vss_worker, pp_worker, signed_in_client
):
    url = reverse("cases:timeline", args=[joint_case.pk])
    pp = signed_in_client(pp_worker)

    def options() -> list[str]:
        body = get(pp, url)
        form = body[body.index('<form method="get"') : body.index("</form>")]
        return [line for line in form.splitlines() if "<option" in line]

    before = options()
    note(vss_worker, joint_case, "VICTIMONLY-9a1", Compartment.VICTIM)
    consent(vss_worker, joint_case)
    assert options() == before
    assert not any("Protected" in line for line in before)


def test_the_timeline_pages_keep_the_filter(joint_case, pp_worker, signed_in_client):
    for number in range(23):
        note(pp_worker, joint_case, f"Note number {number:02d}")
    url = reverse("cases:timeline", args=[joint_case.pk])
    client = signed_in_client(pp_worker)
    first = get(client, f"{url}?kind=note")
    assert "Page 1 of 2, latest first." in first
    assert ("Note number 22" in first, "Note number 02" in first) == (True, False)
    assert "?kind=note&page=2" in first
    second = get(client, f"{url}?kind=note&page=2")
    assert [f"Note number {n:02d}" in second for n in (0, 1, 2, 3)] == [True, True, True, False]
    assert "Agency invited" not in second


# --- flat query counts -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["cases:detail", "cases:timeline"])
def test_the_case_page_and_the_timeline_read_flat(joint_case, pp_worker, signed_in_client, name):
    client = signed_in_client(pp_worker)
    url = reverse(name, args=[joint_case.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    note(pp_worker, joint_case, "One")
    one = count()
    for title in ["Two", "Three", "Four"]:
        note(pp_worker, joint_case, title)
    assert count() == one
