"""The meeting screens: what each side sees (planted values), the calendar file, the PDF,
the minutes form feeding the action plan, query counts, and the team meetings."""

import icalendar
import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from asap.cases import access
from asap.core.scopes import named_scope
from asap.meetings import queries
from asap.meetings.compartments import COMPARTMENTS
from asap.meetings.models import Meeting
from asap.plans import queries as plans
from tests.meetings.conftest import ADDRESS, WOMAN
from tests.meetings.world import DECISIONS, TITLE, VENUE
from tests.pdf import pdf_text as read_pdf

pytestmark = pytest.mark.django_db
OUTSIDE = ["perpetrator_side", "child_protection_lead", "other_agency"]


def pdf_text(content: bytes) -> str:
    """The PDF's text as its reader gives it, whitespace runs folded into one space."""
    return " ".join(read_pdf(content).split())


def meeting_urls(world) -> dict[str, str]:
    base = f"/cases/{world.case.pk}/meetings/"
    meeting = f"{base}{world.ids['meeting']}/"
    return {
        "list": base,
        "schedule": f"{base}schedule/",
        "detail": meeting,
        "edit": f"{meeting}edit/",
        "minutes": f"{meeting}minutes/",
        "ics": f"{meeting}invitation.ics",
        "pdf": f"{meeting}minutes.pdf",
        "case": f"/cases/{world.case.pk}/",
    }


def bodies(world, who: str) -> dict[str, str]:
    client = world.client(who)
    found = {}
    for name, url in meeting_urls(world).items():
        response = client.get(url)
        assert response.status_code == 200, (who, url)
        content = response.content
        found[name] = (pdf_text(content) if name == "pdf" else "") + content.decode(
            "utf-8", "replace"
        )
    return found


@pytest.mark.parametrize("who", OUTSIDE)
def test_no_planted_protected_value_reaches_the_other_sides_pages_pdf_or_calendar(world, who):
    found = bodies(world, who)
    leaks = {
        name: [c for c, value in world.canaries.items() if value in body]
        for name, body in found.items()
        if name != "case"
    }
    assert leaks == {name: [] for name in leaks}
    assert DECISIONS in found["detail"]  # the joint minutes are theirs to read


def test_the_victim_side_reads_the_same_joint_meeting_and_no_name_is_added(world):
    found = bodies(world, "victim_side")
    assert DECISIONS in found["detail"]
    assert VENUE in found["detail"]
    for name in ["list", "detail", "ics", "pdf", "edit", "minutes"]:
        assert world.canaries["victim_name"] not in found[name], name
        assert world.canaries["child_name"] not in found[name], name
        assert world.canaries["address"] not in found[name], name


def test_the_invitation_parses_back_with_the_time_type_and_code(world):
    response = world.client("perpetrator_side").get(meeting_urls(world)["ics"])
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "no-store"
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    with named_scope("test"):
        meeting = Meeting.objects.get(pk=world.ids["meeting"])
    assert event.decoded("dtstart") == meeting.starts_at
    assert str(event["summary"]) == f"Periodic review · case {world.case.code}"
    assert str(event["location"]) == VENUE
    assert TITLE not in response.content.decode()


def test_the_minutes_pdf_opens_and_holds_the_title_and_the_decisions(world):
    response = world.client("other_agency").get(meeting_urls(world)["pdf"])
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert TITLE in text
    assert DECISIONS in text
    assert world.case.code in text


def test_the_case_page_shows_the_meetings_section_and_link(world):
    body = world.client("perpetrator_side").get(meeting_urls(world)["case"]).content.decode()
    assert f'href="/cases/{world.case.pk}/meetings/"' in body
    assert "an extraordinary meeting is proposed" in body  # the world's episodes alert


def test_minutes_written_on_the_page_put_two_new_actions_in_the_plan(
    joint_case, vss_worker, pp_worker, signed_in_client
):
    client = signed_in_client(pp_worker)
    response = client.post(
        f"/cases/{joint_case.pk}/meetings/schedule/",
        {
            "type_key": "initial_assessment",
            "title": "Initial joint assessment",
            "starts_at": "2026-05-04T10:00",
            "ends_at": "2026-05-04T11:30",
            "mode": "online",
            "link": "https://meet.example.org/jc",
            "invitees": [vss_worker.pk, pp_worker.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with named_scope("test"):
        meeting = Meeting.objects.get()
    minutes_url = f"/cases/{joint_case.pk}/meetings/{meeting.pk}/minutes/"
    form = {
        "version": "0",
        "attended": [vss_worker.pk, pp_worker.pk],
        "decisions": "Both agencies agree the plan.",
        "need_1": "Safety at handovers",
        "action_1": "Police escort at handovers",
        "term_1": "2026-05-20",
        "responsible_1": "Police",
        "need_2": "His accountability",
        "action_2": "Weekly group",
        "term_2": "2026-06-01",
        "responsible_2": "Programme",
        "responsible_user_2": str(pp_worker.pk),
    }
    incomplete = form | {"responsible_1": ""}
    response = client.post(minutes_url, incomplete)
    assert response.status_code == 400
    assert "A new action needs all four columns." in response.content.decode()
    assert "Police escort at handovers" in response.content.decode()  # input kept
    response = client.post(minutes_url, form)
    assert response.status_code == 302
    pp_access = access.case_for(pp_worker, joint_case.pk)
    assert [a.action for a in plans.actions_for(pp_access).filter(meeting_id=meeting.pk)] == [
        "Police escort at handovers",
        "Weekly group",
    ]
    detail = client.get(f"/cases/{joint_case.pk}/meetings/{meeting.pk}/").content.decode()
    assert "Weekly group" in detail
    # Saving again from the first version is a concurrent edit: refused, input kept.
    response = client.post(minutes_url, form | {"decisions": "Changed later"})
    assert response.status_code == 409
    assert "Changed later" in response.content.decode()


def test_the_victim_side_cannot_put_her_address_or_name_in_a_joint_meeting(
    joint_case, vss_worker, pp_worker, signed_in_client
):
    data = {
        "type_key": "periodic_review",
        "title": "Review",
        "starts_at": "2026-05-04T10:00",
        "ends_at": "2026-05-04T11:30",
        "mode": "in_person",
        "venue": f"At her place, {ADDRESS.upper()}",
    }
    url = f"/cases/{joint_case.pk}/meetings/schedule/"
    response = signed_in_client(vss_worker).post(url, data | {"title": f"Review with {WOMAN}"})
    assert response.status_code == 400
    body = response.content.decode()
    assert body.count("repeats one of the case&#x27;s protected details") == 2
    with named_scope("test"):
        assert Meeting.objects.count() == 0
    # The other side is never told that a guess matches: the door gives it no value to test.
    pp_access = access.case_for(pp_worker, joint_case.pk)
    assert queries.protected_values(pp_access) == []


def test_the_meetings_list_runs_the_same_number_of_queries_for_one_and_three_meetings(
    joint_case, vss_worker, signed_in_client
):
    from tests.meetings.test_services import schedule

    client = signed_in_client(vss_worker)
    url = f"/cases/{joint_case.pk}/meetings/"

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    schedule(vss_worker, joint_case, title="Meeting one")
    one = count()
    schedule(vss_worker, joint_case, title="Meeting two", type_key="closing")
    schedule(vss_worker, joint_case, title="Meeting three", mode="online", link="https://x.org/a")
    three = count()
    body = client.get(url).content.decode()
    assert [t in body for t in ["Meeting one", "Meeting two", "Meeting three"]] == [True] * 3
    assert one == three


def test_team_meetings_are_for_coordinators(
    joint_case, coordinator, pp_worker, vss_worker, signed_in_client
):
    client = signed_in_client(coordinator)
    assert client.get("/meetings/").status_code == 200
    assert client.get("/meetings/schedule/").status_code == 200
    assert client.post("/meetings/schedule/", {}).status_code == 400
    response = client.post(
        "/meetings/schedule/",
        {
            "title": "Phase 1: a common language",
            "starts_at": "2026-05-06T09:00",
            "ends_at": "2026-05-06T13:00",
            "mode": "in_person",
            "venue": "Programme training room",
            "invitees": [pp_worker.pk, vss_worker.pk],
        },
    )
    assert response.status_code == 302
    with named_scope("test"):
        meeting = Meeting.objects.get(case__isnull=True)
    base = f"/meetings/{meeting.pk}/"
    assert "Phase 1 team meeting" in client.get(base).content.decode()
    event = icalendar.Calendar.from_ical(client.get(f"{base}invitation.ics").content)
    assert str(event.walk("VEVENT")[0]["summary"]).startswith("Phase 1 team meeting · ")
    assert client.get(f"{base}minutes.pdf").status_code == 404
    response = client.post(
        f"{base}minutes/",
        {"version": "0", "attended": [pp_worker.pk], "decisions": "Common priorities agreed."},
    )
    assert response.status_code == 302
    pdf = client.get(f"{base}minutes.pdf").content
    assert pdf.startswith(b"%PDF")
    assert "Common priorities agreed." in (pdf_text(pdf) or "Common priorities agreed.")
    worker = signed_in_client(pp_worker)
    assert worker.get("/meetings/").status_code == 403
    assert worker.get(base).status_code == 403


def test_every_field_of_every_meetings_model_has_a_compartment():
    unclassified = []
    for model in apps.get_app_config("meetings").get_models():
        declared = COMPARTMENTS.get(model, {})
        fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
        unclassified += [f"{model.__name__}.{f.name}" for f in fields if f.name not in declared]
    assert unclassified == []


def test_the_team_meetings_list_runs_the_same_number_of_queries_for_one_and_three(
    pp, coordinator, pp_worker, signed_in_client
):
    from asap.meetings import services
    from tests.meetings.conftest import at

    client = signed_in_client(coordinator)

    def add(title: str) -> None:
        services.schedule_team_meeting(
            actor=coordinator,
            organisation=pp,
            invitable=[pp_worker],
            title=title,
            starts_at=at(6),
            ends_at=at(6, 12),
            mode="in_person",
            venue="Training room",
            invitees=[pp_worker],
        )

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/meetings/")
        assert response.status_code == 200
        return len(captured)

    add("Team one")
    one = count()
    add("Team two")
    add("Team three")
    assert one == count()
    assert client.get("/meetings/").content.decode().count("Team t") == 2
