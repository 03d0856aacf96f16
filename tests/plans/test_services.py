"""The plans' services: the barrier, the rules, versions, audit, timeline and deadline."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from asap.cases import access
from asap.cases.enums import EntryKind
from asap.cases.models import JointCase
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from asap.core.versioning import ConcurrentEditError
from asap.plans import queries, services
from asap.plans.compartments import COMPARTMENTS
from asap.plans.models import ActionItem, PlanSnapshot

pytestmark = pytest.mark.django_db
D = datetime.date


def add(couple, who=None, **values):
    who = who or couple.pp
    fields = {
        "need": "Safety at handovers of the children",
        "action": "Handovers through the contact centre",
        "term": D(2026, 3, 1),
        "responsible": "Contact centre",
        **values,
    }
    return services.add_action(actor=who, access=couple.access(who), **fields)


def action_entries(case):
    return list(
        access.entries_for(access.case_for(case.opened_by, case.pk))
        .filter(kind=EntryKind.ACTION)
        .values_list("compartment", "title")
    )


def test_every_field_of_every_plans_model_has_a_compartment():
    unclassified = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("plans").get_models()
        for field in model._meta.concrete_fields
        if field.name not in COMPARTMENTS.get(model, {})
    ]
    assert unclassified == []


def test_adding_an_action_audits_logs_and_moves_the_case_deadline(couple):
    item = add(couple, responsible_user=couple.pp, meeting_id=42)
    assert item.compartment == "joint"
    assert item.meeting_id == 42
    assert item.last_changed_by == couple.pp
    event = AuditEvent.objects.filter(action="plan.action_add").get()
    assert event.case_id == couple.case.pk
    assert event.fields == sorted(
        ["action", "compartment", "meeting_id", "need", "responsible", "responsible_user", "term"]
    )
    assert action_entries(couple.case) == [("joint", "Action added")]
    assert JointCase.objects.get(pk=couple.case.pk).next_due == D(2026, 3, 1)


def test_a_victim_side_action_stays_out_of_the_case_deadline(couple):
    add(couple, who=couple.vss, compartment="victim", term=D(2026, 2, 1))
    assert JointCase.objects.get(pk=couple.case.pk).next_due == D(2026, 6, 1)
    assert action_entries(couple.case) == [("victim", "Action added")]


def test_the_perpetrator_side_cannot_file_a_victim_side_action(couple):
    with pytest.raises(PermissionDenied):
        add(couple, who=couple.pp, compartment="victim")
    with pytest.raises(PermissionDenied):
        add(couple, who=couple.vss, compartment="protected")
    with named_scope("test"):
        assert ActionItem.objects.count() == 0


def test_a_victim_side_action_is_not_reminded_to_the_other_side(couple):
    with pytest.raises(ValidationError) as error:
        add(couple, who=couple.vss, compartment="victim", responsible_user=couple.pp)
    assert list(error.value.message_dict) == ["responsible_user"]


def test_someone_who_is_not_on_the_case_is_never_reminded(couple, outsider):
    with pytest.raises(ValidationError):
        add(couple, responsible_user=outsider)


def test_a_dropped_action_needs_its_reason(couple):
    item = add(couple)
    vss_access = couple.access(couple.vss)
    with pytest.raises(ValidationError) as error:
        services.update_action(
            actor=couple.vss, access=vss_access, item=item, expected_version=1, status="dropped"
        )
    assert list(error.value.message_dict) == ["dropped_reason"]
    services.update_action(
        actor=couple.vss,
        access=vss_access,
        item=item,
        expected_version=1,
        status="dropped",
        dropped_reason="The court ordered supervised contact instead",
    )
    item.refresh_from_db()
    assert (item.status, item.version, item.last_changed_by) == ("dropped", 2, couple.vss)
    assert JointCase.objects.get(pk=couple.case.pk).next_due == D(2026, 6, 1)
    assert action_entries(couple.case)[0] == ("joint", "Action changed: Dropped")


def test_reopening_a_dropped_action_clears_its_reason(couple):
    item = add(couple)
    pp_access = couple.access(couple.pp)
    services.update_action(
        actor=couple.pp,
        access=pp_access,
        item=item,
        expected_version=1,
        status="dropped",
        dropped_reason="No longer needed",
    )
    services.update_action(
        actor=couple.pp, access=pp_access, item=item, expected_version=2, status="open"
    )
    item.refresh_from_db()
    assert (item.status, item.dropped_reason) == ("open", "")


def test_a_stale_version_is_refused(couple):
    item = add(couple)
    pp_access = couple.access(couple.pp)
    services.update_action(
        actor=couple.pp, access=pp_access, item=item, expected_version=1, status="in_progress"
    )
    with named_scope("test"):
        stale = ActionItem.objects.get(pk=item.pk)
    stale.version = 1
    with pytest.raises(ConcurrentEditError):
        services.update_action(
            actor=couple.vss,
            access=couple.access(couple.vss),
            item=stale,
            expected_version=1,
            status="done",
        )
    with named_scope("test"):
        assert ActionItem.objects.get(pk=item.pk).status == "in_progress"


def test_the_other_side_cannot_change_a_victim_side_action(couple):
    item = add(couple, who=couple.vss, compartment="victim")
    with pytest.raises(PermissionDenied):
        services.update_action(
            actor=couple.pp,
            access=couple.access(couple.pp),
            item=item,
            expected_version=1,
            status="done",
        )
    with pytest.raises(TypeError):
        services.update_action(
            actor=couple.vss,
            access=couple.access(couple.vss),
            item=item,
            expected_version=1,
            compartment="joint",
        )


def test_the_deadline_is_the_earliest_open_joint_term(couple):
    later = add(couple, term=D(2026, 7, 1))
    assert JointCase.objects.get(pk=couple.case.pk).next_due == D(2026, 6, 1)  # follow-up
    assert JointCase.objects.get(pk=couple.case.pk).next_action_due == later.term
    first = add(couple, term=D(2026, 4, 1))
    add(couple, term=D(2026, 5, 1))
    assert services.next_action_due(couple.case) == D(2026, 4, 1)
    assert JointCase.objects.get(pk=couple.case.pk).next_due == D(2026, 4, 1)
    services.update_action(
        actor=couple.pp,
        access=couple.access(couple.pp),
        item=first,
        expected_version=1,
        status="done",
    )
    assert JointCase.objects.get(pk=couple.case.pk).next_due == D(2026, 5, 1)


def test_a_snapshot_keeps_the_joint_rows_as_they_stood(couple):
    item = add(couple, responsible_user=couple.pp)
    add(couple, who=couple.vss, compartment="victim", need="Her own need (victim side)")
    snapshot = services.snapshot_plan(
        actor=couple.vss, access=couple.access(couple.vss), meeting_id=7
    )
    services.update_action(
        actor=couple.pp,
        access=couple.access(couple.pp),
        item=item,
        expected_version=1,
        need="Changed after the meeting",
        status="done",
    )
    with named_scope("test"):
        kept = PlanSnapshot.objects.get(pk=snapshot.pk)
    rows = queries.snapshot_rows(kept, couple.access(couple.vss))
    assert [(r.need, r.status, r.term) for r in rows] == [
        ("Safety at handovers of the children", "open", D(2026, 3, 1))
    ]
    # His joint row reaches another agency only under his waiver, in a snapshot too.
    assert queries.snapshot_rows(kept, couple.access(couple.police)) == []
    assert rows[0].reminded == couple.pp.get_full_name()
    assert snapshot.meeting_id == 7
    assert AuditEvent.objects.filter(action="plan.snapshot").count() == 1


def test_the_safety_plan_is_saved_from_version_zero(couple):
    vss_access = couple.access(couple.vss)
    plan = services.save_safety_plan(
        actor=couple.vss, access=vss_access, expected_version=0, new_accounts="New e-mail"
    )
    assert plan.version == 1
    with pytest.raises(ConcurrentEditError):
        services.save_safety_plan(
            actor=couple.vss, access=vss_access, expected_version=0, safe_device="A new phone"
        )
    event = AuditEvent.objects.filter(action="plan.safety_plan").get()
    assert event.fields == ["new_accounts"]


def test_the_perpetrator_side_writes_the_accountability_area_only(couple):
    pp_access = couple.access(couple.pp)
    assert services.safety_fields_for(pp_access) == ["accountability"]
    with pytest.raises(PermissionDenied):
        services.save_safety_plan(
            actor=couple.pp, access=pp_access, expected_version=0, new_accounts="x"
        )
    with pytest.raises(PermissionDenied):
        services.save_safety_plan(
            actor=couple.pp, access=pp_access, expected_version=0, stalkerware_found="found"
        )
    services.save_safety_plan(
        actor=couple.pp, access=pp_access, expected_version=0, accountability="Group work"
    )
    kinds = access.entries_for(pp_access).filter(kind=EntryKind.SAFETY_PLAN)
    assert list(kinds.values_list("compartment", flat=True)) == ["joint"]


def test_a_victim_side_change_of_the_safety_plan_is_logged_on_her_side(couple):
    vss_access = couple.access(couple.vss)
    services.save_safety_plan(
        actor=couple.vss, access=vss_access, expected_version=0, safe_channel="Her sister"
    )
    entries = access.entries_for(couple.access(couple.pp)).filter(kind=EntryKind.SAFETY_PLAN)
    assert entries.count() == 0
    entries = access.entries_for(vss_access).filter(kind=EntryKind.SAFETY_PLAN)
    assert list(entries.values_list("compartment", flat=True)) == ["victim"]


def test_a_stalkerware_decision_needs_its_reason(couple):
    vss_access = couple.access(couple.vss)
    with pytest.raises(ValidationError) as error:
        services.save_safety_plan(
            actor=couple.vss, access=vss_access, expected_version=0, stalkerware_found="found"
        )
    assert list(error.value.message_dict) == ["stalkerware_decision"]
    with pytest.raises(ValidationError) as error:
        services.save_safety_plan(
            actor=couple.vss,
            access=vss_access,
            expected_version=0,
            stalkerware_found="found",
            stalkerware_decision="leave",
        )
    assert list(error.value.message_dict) == ["stalkerware_reason"]
    plan = services.save_safety_plan(
        actor=couple.vss,
        access=vss_access,
        expected_version=0,
        stalkerware_found="found",
        stalkerware_decision="leave",
        stalkerware_reason="Removing it now would alert him before she moves",
    )
    assert plan.get_stalkerware_decision_display() == "Leave in place for now"
