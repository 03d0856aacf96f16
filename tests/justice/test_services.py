"""Recording and changing orders, proceedings and conditions: the compartment each side may
choose, the timeline entry, the audit row, the key, the version."""

import pytest
from django.db import connection

from asap.cases.enums import Compartment, EntryKind
from asap.cases.models import TimelineEntry
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from asap.core.versioning import ConcurrentEditError
from asap.justice import services
from asap.justice.models import CourtCondition, Proceeding, ProtectionOrder
from tests.justice.conftest import AUTHORITY, CONDITIONS, record

pytestmark = pytest.mark.django_db


def test_an_order_owns_a_timeline_entry_in_the_compartment_chosen(team, her_protected_order):
    with named_scope("test"):
        entry = TimelineEntry.objects.get(pk=her_protected_order.entry_id)
    assert (entry.kind, entry.compartment, entry.recorded_side) == (
        EntryKind.PROTECTION_ORDER,
        Compartment.PROTECTED,
        "victim",
    )
    assert [c for c in (AUTHORITY, CONDITIONS) if c in entry.title] == []


@pytest.mark.parametrize(
    ("model", "kind"),
    [(Proceeding, EntryKind.PROCEEDING), (CourtCondition, EntryKind.PROCEEDING)],
)
def test_a_proceeding_and_a_condition_own_an_entry_too(team, model, kind):
    recorded = record(team, "pp", model, "joint")
    with named_scope("test"):
        entry = TimelineEntry.objects.get(pk=recorded.entry_id)
    assert (entry.kind, entry.compartment, entry.recorded_side) == (kind, "joint", "perpetrator")


@pytest.mark.parametrize(
    ("who", "compartment"),
    [
        ("pp", "protected"),
        ("pp", "victim"),
        ("police", "protected"),
        ("police", "perpetrator"),
        ("vss", "perpetrator"),
    ],
)
def test_nobody_files_under_a_compartment_their_side_cannot_read(team, who, compartment):
    with pytest.raises(services.NotYourSideError):
        record(team, who, ProtectionOrder, compartment)
    with named_scope("test"):
        assert ProtectionOrder.objects.count() == 0


def test_the_default_compartment_per_side(team):
    assert services.default_compartment(team.access("vss"), ProtectionOrder) == "protected"
    assert services.default_compartment(team.access("vss"), Proceeding) == "protected"
    assert services.default_compartment(team.access("vss"), CourtCondition) == "joint"
    assert services.default_compartment(team.access("partner_contact"), ProtectionOrder) == (
        "protected"
    )
    for who in ("pp", "police"):
        for model in (ProtectionOrder, Proceeding, CourtCondition):
            assert services.default_compartment(team.access(who), model) == "joint"


def test_texts_are_sealed_under_the_recording_sides_key(team, her_protected_order):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT issuing_authority, other_conditions FROM justice_protectionorder WHERE id = %s",
            [her_protected_order.pk],
        )
        stored = " ".join(cursor.fetchone())
    assert stored.startswith("k2$")
    assert [c for c in (AUTHORITY, CONDITIONS) if c in stored] == []
    assert her_protected_order.encryption_owner("issuing_authority").subject == "victim"


def test_recording_audits_field_names_never_values(team, her_protected_order):
    event = AuditEvent.objects.get(action="protection_order.add")
    assert event.case_id == team.case.pk
    assert {"compartment", "issuing_authority", "other_conditions"} <= set(event.fields)
    assert [c for c in (AUTHORITY, CONDITIONS) if c in str(event.fields)] == []


def test_changing_follows_the_entry_and_refuses_a_stale_version(team):
    order = record(team, "pp", ProtectionOrder, "joint")
    services.update_court_record(
        actor=team.pp,
        access=team.access("pp"),
        record=order,
        expected_version=1,
        compartment="perpetrator",
        minimum_distance_m=300,
    )
    with named_scope("test"):
        stored = ProtectionOrder.objects.select_related("entry").get(pk=order.pk)
    assert (stored.minimum_distance_m, stored.version) == (300, 2)
    assert stored.entry.compartment == "perpetrator"
    assert stored.entry.edited_at is not None
    assert AuditEvent.objects.get(action="protection_order.update").fields == [
        "compartment",
        "minimum_distance_m",
    ]
    with pytest.raises(ConcurrentEditError):
        services.update_court_record(
            actor=team.pp,
            access=team.access("pp"),
            record=stored,
            expected_version=1,
            minimum_distance_m=100,
        )


def test_only_the_recording_side_changes_a_record(team):
    order = record(team, "pp", ProtectionOrder, "joint")
    with pytest.raises(services.NotYourSideError):
        services.update_court_record(
            actor=team.vss,
            access=team.access("vss"),
            record=order,
            expected_version=1,
            no_contact=False,
        )
    with pytest.raises(services.NotYourSideError):  # nor moves it where it cannot read
        services.update_court_record(
            actor=team.pp,
            access=team.access("pp"),
            record=order,
            expected_version=1,
            compartment="protected",
        )
