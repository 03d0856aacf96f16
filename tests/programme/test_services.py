"""Writing his programme: the perpetrator side only, audited, on the timeline, versioned."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied

from asap.cases import access
from asap.cases.enums import Compartment, EntryKind, Side
from asap.core.models import AuditEvent
from asap.core.versioning import ConcurrentEditError
from asap.programme import queries, services
from asap.programme.compartments import COMPARTMENTS
from tests.programme.conftest import NOTE, REASON

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 2, 2)


def status(team, who="pp", value="attending_group", reason=REASON):
    return services.record_status(
        actor=getattr(team, who), access=team.access(who), status=value, date=DAY, reason=reason
    )


def session(team, who="pp", attendance="present", day=DAY, note=NOTE):
    return services.record_session(
        actor=getattr(team, who),
        access=team.access(who),
        date=day,
        kind="group",
        attendance=attendance,
        note=note,
    )


def test_every_field_of_every_programme_model_has_a_compartment():
    unclassified = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("programme").get_models()
        for field in model._meta.concrete_fields
        if field.name not in COMPARTMENTS.get(model, {})
    ]
    assert unclassified == []


@pytest.mark.parametrize("who", ["vss", "partner", "police"])
def test_only_the_perpetrator_side_writes_his_programme(team, who):
    with pytest.raises(PermissionDenied):
        status(team, who)
    with pytest.raises(PermissionDenied):
        session(team, who)
    recorded = session(team)
    with pytest.raises(PermissionDenied):
        services.update_session(
            actor=getattr(team, who),
            access=team.access(who),
            session=recorded,
            expected_version=1,
            attendance="late",
        )
    assert [s.attendance for s in queries.sessions_for(team.access("pp"))] == ["present"]
    assert queries.status_history(team.access("pp")) == []


@pytest.mark.parametrize("who", ["pp", "lead"])
def test_each_perpetrator_side_member_records_a_status_audited_and_on_the_timeline(team, who):
    change = status(team, who)
    row = AuditEvent.objects.get(action="programme_status.add")
    assert (row.actor_id, row.case_id, row.object_id) == (
        getattr(team, who).pk,
        team.case.pk,
        str(change.pk),
    )
    assert row.fields == ["date", "reason", "status"]
    entries = [
        e for e in access.entries_for(team.access("vss")) if e.kind == EntryKind.PROGRAMME_STATUS
    ]
    assert [(e.title, e.compartment, e.recorded_side) for e in entries] == [
        ("Attending in a group", Compartment.JOINT, Side.PERPETRATOR)
    ]
    # No alert for a status that needs none.
    assert not AuditEvent.objects.filter(action="programme_alert.add").exists()


def test_the_reason_and_the_note_are_sealed_under_the_perpetrator_sides_key(team):
    change, recorded = status(team), session(team)
    assert change.encryption_owner("reason").subject == "perpetrator"
    assert recorded.encryption_owner("note").subject == "perpetrator"


def test_a_session_is_recorded_and_corrected_audited_and_versioned(team):
    recorded = session(team)
    assert AuditEvent.objects.get(action="programme_session.add").fields == [
        "attendance",
        "date",
        "kind",
        "note",
    ]
    services.update_session(
        actor=team.pp,
        access=team.access("pp"),
        session=recorded,
        expected_version=1,
        attendance="late",
        note=NOTE,
    )
    assert AuditEvent.objects.get(action="programme_session.update").fields == ["attendance"]
    assert [(s.attendance, s.version) for s in queries.sessions_for(team.access("pp"))] == [
        ("late", 2)
    ]
    with pytest.raises(ConcurrentEditError):
        services.update_session(
            actor=team.pp,
            access=team.access("pp"),
            session=recorded,
            expected_version=1,
            attendance="present",
        )
    assert [s.attendance for s in queries.sessions_for(team.access("pp"))] == ["late"]


def test_a_kind_or_attendance_outside_the_choices_is_refused_and_nothing_is_written(team):
    recorded = session(team)
    # "absent" is not one of the choices ("absent_notice", "absent_no_notice"): recorded, it
    # would never count in a streak of absences.
    with pytest.raises(ValueError, match="attendance"):
        session(team, attendance="absent", day=DAY + datetime.timedelta(days=7))
    with pytest.raises(ValueError, match="kind"):
        services.record_session(
            actor=team.pp, access=team.access("pp"), date=DAY, kind="online", attendance="late"
        )
    with pytest.raises(ValueError, match="attendance"):
        services.update_session(
            actor=team.pp,
            access=team.access("pp"),
            session=recorded,
            expected_version=1,
            attendance="absent",
        )
    assert [(s.attendance, s.version) for s in queries.sessions_for(team.access("pp"))] == [
        ("present", 1)
    ]
    assert AuditEvent.objects.filter(action__startswith="programme_session.").count() == 1


def test_the_figures_count_each_kind_of_attendance_and_the_current_streak(team):
    for day, attendance in enumerate(
        ["present", "late", "absent_notice", "present", "absent_no_notice", "absent_notice"],
        start=1,
    ):
        session(team, attendance=attendance, day=datetime.date(2026, 3, day))
    figures = queries.attendance_figures(team.access("vss"))
    assert figures == queries.AttendanceFigures(
        held=6, present=2, absent_with_notice=2, absent_without_notice=1, late=1, streak=2
    )


def test_the_victim_side_reads_the_figures_not_the_reasons_or_the_notes(team):
    status(team)
    session(team)
    for who in ["vss", "partner"]:
        history = queries.status_history(team.access(who))
        assert [(c.status, c.date, c.reason) for c in history] == [("attending_group", DAY, "")]
        sessions = queries.sessions_for(team.access(who))
        assert [(s.attendance, s.note) for s in sessions] == [("present", "")]
    pp_history = queries.status_history(team.access("pp"))
    assert [c.reason for c in pp_history] == [REASON]
    assert [s.note for s in queries.sessions_for(team.access("pp"))] == [NOTE]


def test_another_agency_reads_his_programme_only_under_his_waiver(team):
    from asap.cases import services as cases

    status(team)
    session(team)
    police = team.access("police")
    assert queries.status_history(police) == []
    assert queries.attendance_figures(police).held == 0
    cases.record_waiver(actor=team.pp, access=team.access("pp"), given_on=DAY)
    police = team.access("police")
    assert [(c.status, c.reason) for c in queries.status_history(police)] == [
        ("attending_group", "")
    ]
    assert [s.note for s in queries.sessions_for(police)] == [""]
    assert queries.attendance_figures(police).present == 1


def test_sessions_for_a_period_include_both_ends(team):
    for day in [1, 10, 20, 28]:
        session(team, day=datetime.date(2026, 2, day))
    dates = [
        s.date.day
        for s in queries.sessions_for(
            team.access("pp"), datetime.date(2026, 2, 10), datetime.date(2026, 2, 20)
        )
    ]
    assert dates == [10, 20]
