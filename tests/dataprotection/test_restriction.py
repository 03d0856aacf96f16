"""A restriction of processing (art. 18) freezes the case instead of erasing: every write of
case content through any app is refused for every side's worker, the case page says so,
erasure and retention leave the case alone, and lifting it (audited) opens the case again."""

import datetime

import pytest
from django.urls import URLResolver, get_resolver, reverse

from asap.bench.htmlforms import post_form
from asap.cases.models import TimelineEntry
from asap.cases.views.base import CaseView
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from asap.dataprotection.models import ErasureDecision, SubjectRequest
from asap.dataprotection.services.retention import due_items
from asap.instruments.models import Administration
from asap.meetings.models import Meeting
from asap.plans.models import ActionItem
from tests.conftest import reauthenticate
from tests.dataprotection.conftest import close_case

pytestmark = pytest.mark.django_db

SIDES = ["victim_side", "perpetrator_side", "other_agency"]
COURT_ORDER = "A court order in force requires the data to be kept (art. 17(3)(b))"
GENERIC = "by a decision of a data-protection officer, the case is read-only"


def officer(world, who="dpo"):
    client = world.client(who)
    reauthenticate(client)
    return client


def restrict(world, person="victim", who="dpo"):
    return officer(world, who).post(
        reverse("dataprotection:decide"),
        {
            "case_code": world.case.code,
            "person": person,
            "reference": "REQ-2026-44",
            "outcome": "restricted",
            "ground": "court_order",
            "explanation": "The family court ordered the records kept (RESTRICT-2b).",
        },
    )


def lift(world, decision, who="dpo"):
    return officer(world, who).post(
        reverse("dataprotection:decision", args=[decision.pk]), {"confirm": "on"}
    )


def writes(world, who: str) -> dict[str, tuple[str, dict]]:
    """One valid write of each app, as `who` would post it: a note, a plan action, an answer
    of the joint risk checklist, a meeting."""
    pk, people = world.case.pk, world.people
    answer_url = reverse("instruments:answer", args=[pk, world.ids["risk"]])
    answer_page = world.client(who).get(answer_url).content.decode()
    answers = post_form(answer_page) if 'name="version"' in answer_page else {}
    return {
        "note": (
            reverse("cases:add_note", args=[pk]),
            {"title": "While restricted", "body": "Ordinary text.", "compartment": "joint"},
        ),
        "plan action": (
            reverse("plans:add", args=[pk]),
            {
                "need": "A quiet room",
                "action": "Book it",
                "term": "2026-04-01",
                "responsible": "Centre",
                "responsible_user": "",
                "compartment": "joint",
            },
        ),
        "instrument answer": (answer_url, {**answers, "A12": "yes"}),
        "meeting": (
            reverse("meetings:schedule", args=[pk]),
            {
                "type_key": "periodic_review",
                "title": "Review",
                "starts_at": "2026-05-04T10:00",
                "ends_at": "2026-05-04T11:00",
                "mode": "online",
                "link": "https://meet.example.org/jc",
                "invitees": [people["victim_side"].pk, people["perpetrator_side"].pk],
            },
        ),
    }


def content(world) -> dict[str, object]:
    """What the writes would change: rows and versions (read in the test scope)."""
    case = world.case
    with named_scope("test"):
        return {
            "notes": TimelineEntry.objects.filter(case=case).count(),
            "actions": sorted(ActionItem.objects.filter(case=case).values_list("pk", "version")),
            "answers": sorted(
                Administration.objects.filter(case=case).values_list("pk", "version")
            ),
            "meetings": Meeting.objects.filter(case=case).count(),
        }


def test_a_restriction_freezes_every_apps_writes_for_every_side_until_it_is_lifted(world):
    forms = {who: writes(world, who) for who in SIDES}
    since = AuditEvent.objects.order_by("-seq").first().seq
    assert restrict(world).status_code == 302
    decision = ErasureDecision.objects.get()
    assert decision.in_force
    before = content(world)
    for who in SIDES:
        client = world.client(who)
        for name, (url, data) in forms[who].items():
            response = client.post(url, data)
            assert response.status_code == 423, (who, name)
            body = response.content.decode()
            assert "Nothing was saved: processing of this case is restricted" in body
        assert client.get(reverse("cases:detail", args=[world.case.pk])).status_code == 200
    assert content(world) == before

    assert lift(world, decision).status_code == 302
    decision.refresh_from_db()
    assert decision.lifted_at is not None
    assert decision.lifted_by == world.people["dpo"]
    for who in ["victim_side", "perpetrator_side"]:
        client = world.client(who)
        again = writes(world, who)  # the answer form read again: the other side saved since
        statuses = {name: client.post(url, data).status_code for name, (url, data) in again.items()}
        assert statuses == dict.fromkeys(again, 302), who
    after = content(world)
    assert after["notes"] > before["notes"]
    assert len(after["actions"]) == len(before["actions"]) + 2
    assert after["answers"] != before["answers"]
    assert after["meetings"] == before["meetings"] + 2
    actions = [
        e.action
        for e in AuditEvent.objects.filter(seq__gt=since).order_by("seq")
        if e.action in {"processing.restricted", "restriction.lifted"}
    ]
    assert actions == ["processing.restricted", "restriction.lifted"]
    lifted = AuditEvent.objects.get(action="restriction.lifted")
    assert (lifted.case_id, lifted.fields) == (world.case.pk, ["lifted_at"])


def test_the_case_page_flags_the_restriction_and_only_her_side_reads_the_ground(world):
    page = reverse("cases:detail", args=[world.case.pk])
    assert "Processing restricted" not in world.client("victim_side").get(page).content.decode()
    restrict(world)
    hers = world.client("victim_side").get(page).content.decode()
    assert "Processing restricted (The woman) since" in hers
    assert COURT_ORDER in hers
    for who in ["perpetrator_side", "other_agency", "coordinator"]:
        body = world.client(who).get(page).content.decode()
        assert "Processing restricted: since" in body, who
        assert GENERIC in body, who
        assert COURT_ORDER not in body, who
        assert "(The woman)" not in body, who
    lift(world, ErasureDecision.objects.get())
    assert "Processing restricted" not in world.client("victim_side").get(page).content.decode()


def test_leaving_the_case_stays_open_while_restricted(world):
    restrict(world)
    leave = reverse("cases:leave", args=[world.case.pk])
    assert world.client("other_agency").post(leave).status_code == 302


def test_a_restricted_case_takes_no_new_agency_until_the_restriction_is_lifted(
    world, signed_in_client
):
    from asap.accounts.enums import OrganisationKind, Role
    from asap.cases import access, services
    from asap.cases.models import CaseAgency
    from tests.factories import OrganisationFactory, agreement_between, persona

    taking_part = [
        world.people[who].active_memberships[0].organisation
        for who in ["victim_side", "perpetrator_side", "other_agency"]
    ]
    probation = OrganisationFactory(name="Probation (test)", kind=OrganisationKind.OTHER)
    for organisation in taking_part:
        agreement_between(organisation, probation)
    centre = world.people["victim_side"]
    services.invite_agency(
        actor=centre, access=access.case_for(centre, world.case.pk), organisation=probation
    )
    worker = persona(Role.CASE_WORKER, probation)
    (invitation,) = access.invitations_for(worker)
    restrict(world)
    client = signed_in_client(worker)
    url = reverse("cases:invitation", args=[invitation.pk])
    refused = client.post(url, {"member": worker.pk})
    assert refused.status_code == 423
    assert GENERIC in refused.content.decode()
    assert COURT_ORDER not in refused.content.decode()
    assert CaseAgency.objects.get(pk=invitation.pk).status == "invited"
    lift(world, ErasureDecision.objects.get())
    assert client.post(url, {"member": worker.pk}).status_code == 302
    assert CaseAgency.objects.get(pk=invitation.pk).status == "active"


def test_erasure_is_refused_while_restricted_and_a_second_restriction_too(world):
    restrict(world)
    erasure = officer(world).post(
        reverse("dataprotection:erasure"),
        {
            "case_code": world.case.code,
            "person": "child:1",
            "reference": "REQ-9",
            "confirm": "on",
        },
    )
    assert erasure.status_code == 409
    assert "Lift the restriction first" in erasure.content.decode()
    assert SubjectRequest.objects.count() == 0
    with named_scope("test"):
        from asap.cases.models import Person

        assert (
            Person.objects.get(case=world.case, role="victim").name
            == (world.canaries["victim_name"])
        )
    again = restrict(world)
    assert again.status_code == 409
    assert "already restricted" in again.content.decode()
    assert ErasureDecision.objects.count() == 1


def test_retention_leaves_a_restricted_case_until_the_restriction_is_lifted(world):
    close_case(world.case, years_ago=10)
    today = datetime.date.today()
    assert {i["case_id"] for i in due_items(None, today)} == {world.case.pk}
    restrict(world)
    assert due_items(None, today) == []
    lift(world, ErasureDecision.objects.get())
    assert {i["case_id"] for i in due_items(None, today)} == {world.case.pk}


def test_the_programmes_officer_restricts_his_data_and_only_that_officer_lifts_it(world):
    assert restrict(world, person="perpetrator", who="dpo").status_code == 403
    assert restrict(world, person="perpetrator", who="dpo_pp").status_code == 302
    decision = ErasureDecision.objects.get()
    page = reverse("cases:detail", args=[world.case.pk])
    assert COURT_ORDER in world.client("perpetrator_side").get(page).content.decode()
    assert COURT_ORDER not in world.client("victim_side").get(page).content.decode()
    assert lift(world, decision, who="dpo").status_code == 404
    assert ErasureDecision.objects.get().in_force
    assert lift(world, decision, who="dpo_pp").status_code == 302
    assert not ErasureDecision.objects.get().in_force


def test_lifting_needs_the_confirmation(world):
    restrict(world)
    decision = ErasureDecision.objects.get()
    response = officer(world).post(reverse("dataprotection:decision", args=[decision.pk]), {})
    assert response.status_code == 400
    assert ErasureDecision.objects.get().in_force


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_page_of_a_case_goes_through_the_case_door():
    """The freeze sits in CaseView.dispatch: it holds only if every URL of a case is a
    CaseView."""
    case_routes = {
        route: callback
        for route, callback in _routes(get_resolver().url_patterns)
        if route.startswith("cases/<int:pk>/")
    }
    assert len(case_routes) > 40
    outside = sorted(
        route
        for route, callback in case_routes.items()
        if not issubclass(getattr(callback, "view_class", object), CaseView)
    )
    assert outside == []
