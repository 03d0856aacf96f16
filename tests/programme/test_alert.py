"""A drop-out, an expulsion, a suspension, or absences in a row reaching the programme's
threshold alert the victim side at once: an entry only the victim side reads (the partner
contact too) and an e-mail carrying the case code only."""

import datetime

import pytest
from django.core import mail

from asap.cases import access
from asap.cases.enums import Compartment, EntryKind
from asap.core.models import AuditEvent
from asap.programme import queries, services
from tests.programme.conftest import NOTE, REASON

pytestmark = pytest.mark.django_db

# Beyond the case code, the e-mail says nothing of what happened or of whom.
NOT_IN_THE_EMAIL = [
    REASON,
    NOTE,
    "Luca",
    "dropped",
    "Dropped",
    "expelled",
    "Expelled",
    "suspended",
    "Suspended",
    "absence",
    "in a row",
]


def alerts(team, who: str) -> list[str]:
    return [
        entry.title
        for entry in access.entries_for(team.access(who))
        if entry.kind == EntryKind.PROGRAMME_ALERT
    ]


def assert_case_code_only(team) -> None:
    assert mail.outbox
    for message in mail.outbox:
        text = message.subject + message.body + str(message.message())
        assert team.case.code in message.subject
        assert [word for word in NOT_IN_THE_EMAIL if word in text] == []


@pytest.mark.parametrize(
    ("status", "title"),
    [
        ("dropped_out", "He dropped out of the programme"),
        ("expelled", "He was expelled from the programme"),
        ("suspended", "His programme was suspended"),
    ],
)
def test_a_drop_out_an_expulsion_or_a_suspension_alerts_the_victim_side_at_once(
    team, status, title, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.record_status(
            actor=team.pp,
            access=team.access("pp"),
            status=status,
            date=datetime.date(2026, 2, 2),
            reason=REASON,
        )
    assert alerts(team, "vss") == [title]
    assert alerts(team, "partner") == [title]
    # The alert is the victim side's task: no other side reads it.
    assert alerts(team, "pp") == []
    assert alerts(team, "police") == []
    entry = next(
        e for e in access.entries_for(team.access("vss")) if e.kind == EntryKind.PROGRAMME_ALERT
    )
    assert (entry.compartment, entry.recorded_side) == (Compartment.VICTIM, "")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([team.vss.email, team.partner.email])
    assert_case_code_only(team)
    row = AuditEvent.objects.get(action="programme_alert.add")
    assert (row.case_id, row.fields) == (team.case.pk, ["kind", "title"])


@pytest.mark.parametrize("status", ["intake", "assessment", "attending_individual", "completed"])
def test_other_steps_alert_nobody(team, status, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.record_status(
            actor=team.pp, access=team.access("pp"), status=status, date=datetime.date(2026, 2, 2)
        )
    assert alerts(team, "vss") == []
    assert mail.outbox == []


def record(team, day: int, attendance: str):
    return services.record_session(
        actor=team.pp,
        access=team.access("pp"),
        date=datetime.date(2026, 3, day),
        kind="group",
        attendance=attendance,
        note=NOTE,
    )


def test_absences_in_a_row_alert_once_a_streak_at_the_programmes_threshold(
    team, django_capture_on_commit_callbacks
):
    team.pp_org.absence_alert_threshold = 3
    team.pp_org.save(update_fields=["absence_alert_threshold"])
    with django_capture_on_commit_callbacks(execute=True):
        record(team, 1, "absent_notice")
        record(team, 2, "absent_no_notice")
    assert alerts(team, "vss") == []  # two: below the threshold of three
    with django_capture_on_commit_callbacks(execute=True):
        record(team, 3, "absent_notice")  # with or without notice: both count
    assert alerts(team, "partner") == ["3 absences in a row"]
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        record(team, 4, "absent_no_notice")  # the same streak: no second alert
    assert alerts(team, "vss") == ["3 absences in a row"]
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        record(team, 5, "late")  # he came, late: the streak ends
        for day in (6, 7):
            record(team, day, "absent_no_notice")
    assert len(alerts(team, "vss")) == 1
    with django_capture_on_commit_callbacks(execute=True):
        record(team, 8, "absent_notice")
    assert alerts(team, "vss") == ["3 absences in a row", "3 absences in a row"]
    assert len(mail.outbox) == 4
    assert_case_code_only(team)


def test_the_default_threshold_is_two(team, django_capture_on_commit_callbacks):
    assert team.pp_org.absence_alert_threshold == 2
    with django_capture_on_commit_callbacks(execute=True):
        record(team, 1, "present")
        record(team, 2, "absent_no_notice")
        assert alerts(team, "vss") == []
        record(team, 3, "absent_notice")
    assert alerts(team, "vss") == ["2 absences in a row"]


def test_a_corrected_attendance_can_make_a_streak(team, django_capture_on_commit_callbacks):
    record(team, 1, "absent_no_notice")
    second = record(team, 2, "present")
    assert alerts(team, "vss") == []
    with django_capture_on_commit_callbacks(execute=True):
        services.update_session(
            actor=team.pp,
            access=team.access("pp"),
            session=second,
            expected_version=1,
            attendance="absent_no_notice",
        )
    assert alerts(team, "vss") == ["2 absences in a row"]
    assert queries.attendance_figures(team.access("vss")).streak == 2


def test_the_alert_service_is_a_plain_function_for_other_code(
    team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.alert_victim_side(
            case=team.case, actor=team.pp, organisation_id=None, title="A test alert"
        )
    assert alerts(team, "partner") == ["A test alert"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([team.vss.email, team.partner.email])


def test_a_victim_side_member_who_left_is_not_written_to(team, django_capture_on_commit_callbacks):
    from asap.cases import services as cases

    cases.leave_case(actor=team.partner, access=team.access("partner"))
    with django_capture_on_commit_callbacks(execute=True):
        services.record_status(
            actor=team.pp,
            access=team.access("pp"),
            status="dropped_out",
            date=datetime.date(2026, 2, 2),
        )
    assert [m.to[0] for m in mail.outbox] == [team.vss.email]
