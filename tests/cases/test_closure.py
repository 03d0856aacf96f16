"""Closing and reopening a case: a reason and a note, read-only for everyone once closed
(every write URL of every app refused, nothing changes) but the data-protection officer's
operations and the writes that narrow processing; reopening needs a reason."""

import datetime

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import resolve, reverse

from asap.cases import access, services
from asap.cases.models import JointCase, TimelineEntry
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from tests.dataprotection.test_restriction import officer, restrict, writes
from tests.security import test_matrix as matrix

pytestmark = pytest.mark.django_db

CLOSING_NOTE = "CLOSINGNOTE7f3a he completed the programme; follow-up agreed"
CLOSED = "Nothing was saved: the case is closed"
# The writes a closed case still takes: reopening it, and those that narrow processing (as
# under a restriction).
NARROWING = {
    "cases:reopen",  # not narrowing: the one write a closed case exists for
    "cases:leave",
    "cases:withdraw_share",
    "cases:withdraw_consent",
    "cases:withdraw_waiver",
}


def close(world, who="victim_side", reason="completed", note=CLOSING_NOTE):
    url = reverse("cases:close", args=[world.case.pk])
    case = JointCase.objects.get(pk=world.case.pk)
    data = {"reason": reason, "note": note, "version": case.version}
    return world.client(who).post(url, data)


def page(world, who, name="cases:detail"):
    response = world.client(who).get(reverse(name, args=[world.case.pk]))
    assert response.status_code == 200, who
    return response.content.decode()


def case_content(case_id: int) -> dict[str, object]:
    """Every row of every model that holds a case (any app), with its version: what a write
    would change. Read in the test scope."""
    found = {}
    with named_scope("test"):
        for model in apps.get_models():
            names = {f.name for f in model._meta.concrete_fields}
            if model._meta.app_label == "core":  # the audit trail: reads write there too
                continue
            if model is JointCase:
                rows = model.objects.filter(pk=case_id)
            elif "case" in names:
                rows = model._default_manager.filter(case_id=case_id)
            else:
                continue
            columns = ["pk", *[n for n in ("version", "is_active", "status") if n in names]]
            found[model._meta.label] = sorted(rows.values_list(*columns))
    return found


def test_closing_needs_a_reason_and_a_note_and_keeps_what_was_typed(world):
    response = close(world, reason="", note="Half a note")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Half a note" in body
    assert 'id="id_reason_error"' in body
    response = close(world, note="")
    assert response.status_code == 400
    assert 'id="id_note_error"' in response.content.decode()
    assert JointCase.objects.get(pk=world.case.pk).status == "open"


def test_a_lead_closes_the_case_and_the_note_stays_on_the_closers_side(world):
    assert "Close the case" in page(world, "victim_side")
    assert close(world).status_code == 302
    case = JointCase.objects.get(pk=world.case.pk)
    assert (case.status, case.closing_reason) == ("closed", "completed")
    assert case.closed_on is not None
    assert case.next_due is None
    with named_scope("test"):
        entries = TimelineEntry.objects.filter(case=case, kind="case_closed")
        assert sorted(entries.values_list("compartment", "recorded_side")) == [
            ("joint", ""),
            ("victim", "victim"),
        ]
        assert entries.get(compartment="joint").body == ""
    victim_page = page(world, "victim_side")
    # The closing note is on the timeline, which has its own page.
    assert CLOSING_NOTE in page(world, "victim_side", "cases:timeline")
    assert "Add a note" not in victim_page  # its form would refuse: not offered
    assert "Reopen the case" in victim_page
    for who in ["perpetrator_side", "child_protection_lead", "other_agency"]:
        body = page(world, who)
        assert "This case is closed" in body, who
        assert "Programme completed" in body, who
        assert CLOSING_NOTE not in body + page(world, who, "cases:timeline"), who
    event = AuditEvent.objects.get(action="case.close")
    assert sorted(event.fields) == ["closed_on", "closing_reason", "note", "status"]
    listing = world.client("coordinator").get(reverse("cases:list")).content.decode()
    assert "Programme completed" in listing


def test_her_request_to_close_reaches_the_victim_side_only(world):
    assert close(world, reason="she_asked").status_code == 302
    assert "She asked to close the case" in page(world, "victim_side")
    assert "She asked to close the case" in page(world, "partner_contact")
    for who in ["perpetrator_side", "child_protection_lead", "other_agency", "coordinator"]:
        body = page(world, who)
        if who != "coordinator":  # a coordinator who is not a member reads no timeline
            body += page(world, who, "cases:timeline")
        listing = world.client(who).get(reverse("cases:list")).content.decode()
        assert "She asked" not in body + listing, who
        assert "Other reason" in body, who


def test_the_perpetrator_side_cannot_record_her_request_and_others_cannot_close(world):
    assert close(world, who="perpetrator_side", reason="she_asked").status_code == 400
    for who in ["partner_contact", "child_protection_lead", "other_agency"]:
        assert close(world, who=who).status_code == 403, who
    assert JointCase.objects.get(pk=world.case.pk).status == "open"
    assert close(world, who="perpetrator_side", reason="dropped_out").status_code == 302


def test_the_case_details_form_no_longer_closes_the_case(world):
    url = reverse("cases:edit", args=[world.case.pk])
    assert 'name="status"' not in world.client("victim_side").get(url).content.decode()
    data = {"phase": "assessment", "status": "closed", "version": world.case.version}
    assert world.client("victim_side").post(url, data).status_code == 302
    assert JointCase.objects.get(pk=world.case.pk).status == "open"


def _write_urls() -> list[str]:
    """Every URL name under /cases/<pk>/ whose view takes a write (POST or another method).
    The matrix holds every URL the resolver serves under /cases/ (checked here too)."""
    assert {name for name, _args in matrix.MATRIX} == matrix.case_url_names()
    names = set()
    for name, args in matrix.MATRIX:
        if not args or args[0] != "case":
            continue
        view = resolve(reverse(name, args=[1] + [1] * (len(args) - 1))).func.view_class
        if any(hasattr(view, m) for m in ("post", "put", "patch", "delete")):
            names.add(name)
    return sorted(names)


def test_a_closed_case_refuses_every_write_of_every_app_and_every_page_still_reads(world):
    forms = {who: writes(world, who) for who in ["victim_side", "perpetrator_side"]}
    pp = world.people["perpetrator_side"]
    waiver = services.record_waiver(
        actor=pp, access=access.case_for(pp, world.case.pk), given_on=datetime.date(2026, 1, 20)
    )
    assert close(world).status_code == 302
    before = case_content(world.case.pk)
    ids = {**world.ids, "waiver": waiver.pk}
    refused_by_name: dict[str, int] = {}
    for (name, arg_names), table in matrix.MATRIX.items():
        if not arg_names or arg_names[0] != "case":
            continue
        url = reverse(name, args=[ids[arg] for arg in arg_names])
        for who in matrix.MEMBERS:
            get_status, post_status = table[who]
            if get_status == 200:
                assert world.client(who).get(url).status_code == 200, (url, who)
            with transaction.atomic():
                response = world.client(who).post(url)
                transaction.set_rollback(True)
            if name in NARROWING or response.status_code in (403, 404, 405):
                assert response.status_code == post_status, (url, who)
                continue
            assert response.status_code == 423, (url, who, response.status_code)
            assert CLOSED in response.content.decode()
            refused_by_name[name] = refused_by_name.get(name, 0) + 1
    assert sorted(refused_by_name) == sorted(set(_write_urls()) - NARROWING)
    # Valid writes of four apps (a note, an action, an answer, a meeting), by each side.
    for who, own in forms.items():
        for what, (url, data) in own.items():
            response = world.client(who).post(url, data)
            assert response.status_code == 423, (who, what)
    assert case_content(world.case.pk) == before

    reopen = reverse("cases:reopen", args=[world.case.pk])
    version = JointCase.objects.get(pk=world.case.pk).version
    data = {"reason": "A new episode was reported", "version": version}
    assert world.client("victim_side").post(reopen, data).status_code == 302
    for who in forms:
        for what, (url, data) in writes(world, who).items():
            assert world.client(who).post(url, data).status_code == 302, (who, what)
    assert case_content(world.case.pk) != before


def test_the_services_refuse_a_closed_case_too(world):
    close(world)
    worker = world.people["perpetrator_side"]
    case_access = access.case_for(worker, world.case.pk)
    before = case_content(world.case.pk)
    with pytest.raises(services.CaseClosedError):
        services.add_note(
            actor=worker, access=case_access, title="After", body="x", compartment="joint"
        )
    assert case_content(world.case.pk) == before


def test_narrowing_writes_and_data_protection_go_on_on_a_closed_case(world):
    close(world)
    share = reverse("cases:withdraw_share", args=[world.case.pk, world.ids["share"]])
    assert world.client("victim_side").post(share).status_code == 302
    assert restrict(world).status_code == 302  # the officer restricts a closed case
    response = officer(world).post(
        reverse("dataprotection:subject_access"),
        {"case_code": world.case.code, "person": "victim", "reference": "SAR-C"},
    )
    assert (response.status_code, response["Content-Type"]) == (200, "application/zip")
    leave = reverse("cases:leave", args=[world.case.pk])
    assert world.client("other_agency").post(leave).status_code == 302


def test_erasure_goes_on_on_a_closed_case(world):
    close(world)
    response = officer(world).post(
        reverse("dataprotection:erasure"),
        {"case_code": world.case.code, "person": "child:1", "reference": "R-1", "confirm": "on"},
    )
    assert response.status_code == 302
    with named_scope("test"):
        from asap.cases.models import Person

        child = Person.objects.get(case=world.case, role="child")
    assert world.canaries["child_name"] not in child.name


def test_reopening_needs_a_reason_kept_on_the_reopeners_side(world):
    close(world)
    url = reverse("cases:reopen", args=[world.case.pk])
    version = JointCase.objects.get(pk=world.case.pk).version
    response = world.client("perpetrator_side").post(url, {"reason": "", "version": version})
    assert response.status_code == 400
    assert JointCase.objects.get(pk=world.case.pk).status == "closed"
    refused = world.client("partner_contact").post(url, {"reason": "x", "version": version})
    assert refused.status_code == 403
    reason = "REOPENREASON7f3a he asked to rejoin the programme"
    data = {"reason": reason, "version": version}
    assert world.client("perpetrator_side").post(url, data).status_code == 302
    case = JointCase.objects.get(pk=world.case.pk)
    assert (case.status, case.closed_on, case.closing_reason) == ("open", None, "")
    assert reason in page(world, "perpetrator_side", "cases:timeline")
    victim = page(world, "victim_side", "cases:timeline")
    assert "Case reopened" in victim
    assert reason not in victim
    assert AuditEvent.objects.filter(action="case.reopen").count() == 1
    # Reopened, it is closed again only through the closing form (a second time: a new date).
    assert world.client("perpetrator_side").post(url, data).status_code == 409


def test_a_closed_case_takes_no_new_agency(world, signed_in_client):
    from asap.accounts.enums import OrganisationKind, Role
    from asap.cases.models import CaseAgency
    from tests.factories import OrganisationFactory, agreement_between, persona

    probation = OrganisationFactory(name="Probation (closure)", kind=OrganisationKind.OTHER)
    for who in ["victim_side", "perpetrator_side", "other_agency"]:
        agreement_between(world.people[who].active_memberships[0].organisation, probation)
    centre = world.people["victim_side"]
    services.invite_agency(
        actor=centre, access=access.case_for(centre, world.case.pk), organisation=probation
    )
    close(world)
    worker = persona(Role.CASE_WORKER, probation)
    (invitation,) = access.invitations_for(worker)
    url = reverse("cases:invitation", args=[invitation.pk])
    response = signed_in_client(worker).post(url, {"member": worker.pk})
    assert response.status_code == 423
    assert "This case is closed" in response.content.decode()
    assert CaseAgency.objects.get(pk=invitation.pk).status == "invited"


def test_the_case_list_filters_open_and_closed_cases(world):
    close(world)
    client = world.client("perpetrator_side")
    closed = client.get(reverse("cases:list") + "?status=closed").content.decode()
    opened = client.get(reverse("cases:list") + "?status=open").content.decode()
    assert world.case.code in closed
    assert world.case.code not in opened
    assert "Closed on" in closed
