"""Recording episodes and remote sessions: entries, compartments, alerts, audit, versions."""

import pytest

from asap.cases.enums import Compartment, EntryKind
from asap.cases.models import TimelineEntry
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from asap.core.versioning import ConcurrentEditError
from asap.episodes import services
from asap.episodes.models import Episode
from tests.episodes.conftest import episode_values, session_values

pytestmark = pytest.mark.django_db


def entries(team, kind):
    with named_scope("test"):
        return list(
            TimelineEntry.objects.filter(case=team.case, kind=kind)
            .order_by("pk")
            .values_list("compartment", "title", "author_id")
        )


@pytest.mark.parametrize(
    ("who", "source", "compartment"),
    [
        ("vss", "victim", Compartment.VICTIM),
        ("pp", "perpetrator", Compartment.JOINT),
        ("police", "agency", Compartment.JOINT),
    ],
)
def test_each_side_records_its_own_source_under_the_barrier(team, who, source, compartment):
    episode = services.record_episode(
        actor=getattr(team, who), access=team.access(who), **episode_values()
    )
    assert (episode.source, episode.entry.kind, episode.entry.compartment) == (
        source,
        EntryKind.EPISODE,
        compartment,
    )
    assert episode.forms_of_violence == ["digital", "physical"]


def test_the_alert_for_her_episode_stays_on_the_victim_side(team):
    """No hints: her episode's alert is filed where her episode is (the victim side),
    recorded by the victim side, so no other side is told that she reported anything."""
    services.record_episode(actor=team.vss, access=team.access("vss"), **episode_values())
    assert entries(team, EntryKind.EPISODE_ALERT) == [
        (Compartment.VICTIM, "Reported by the victim", team.vss.pk)
    ]
    with named_scope("test"):
        sides = set(
            TimelineEntry.objects.filter(
                case=team.case, kind__in=["episode", "episode_alert"]
            ).values_list("recorded_side", flat=True)
        )
    assert sides == {"victim"}


def test_the_alert_for_his_episode_names_the_source(team):
    services.record_episode(actor=team.pp, access=team.access("pp"), **episode_values())
    assert entries(team, EntryKind.EPISODE_ALERT) == [
        (Compartment.JOINT, "Reported by the perpetrator", team.pp.pk)
    ]


def test_recording_an_episode_audits_field_names_never_values(team):
    services.record_episode(
        actor=team.vss, access=team.access("vss"), **episode_values(note="She hid at a friend's")
    )
    event = AuditEvent.objects.get(action="episode.add")
    assert event.case_id == team.case.pk
    assert "note" in event.fields
    assert "friend" not in str(event.fields)


def test_changing_an_episode_keeps_its_source_and_refuses_a_stale_version(team):
    case_access = team.access("pp")
    episode = services.record_episode(actor=team.pp, access=case_access, **episode_values())
    services.update_episode(
        actor=team.pp,
        access=case_access,
        episode=episode,
        expected_version=1,
        **episode_values(severity="low", forms_of_violence=["verbal"]),
    )
    with named_scope("test"):
        stored = Episode.objects.get(pk=episode.pk)
    assert (stored.severity, stored.forms_of_violence, stored.version) == ("low", ["verbal"], 2)
    assert stored.source == "perpetrator"
    assert AuditEvent.objects.get(action="episode.update").fields == [
        "forms_of_violence",
        "severity",
    ]
    with pytest.raises(ConcurrentEditError):
        services.update_episode(
            actor=team.pp,
            access=case_access,
            episode=episode,
            expected_version=1,
            **episode_values(),
        )


def test_only_the_side_that_recorded_an_episode_changes_it(team):
    episode = services.record_episode(actor=team.pp, access=team.access("pp"), **episode_values())
    with pytest.raises(ValueError, match="Only the side"):
        services.update_episode(
            actor=team.police,
            access=team.access("police"),
            episode=episode,
            expected_version=1,
            **episode_values(),
        )


@pytest.mark.parametrize(
    ("who", "with_whom", "compartment"),
    [
        ("vss", "woman", Compartment.VICTIM),
        ("vss", "child", Compartment.VICTIM),
        ("vss", "agency", Compartment.JOINT),
        ("pp", "man", Compartment.PERPETRATOR),
        ("police", "agency", Compartment.JOINT),
    ],
)
def test_a_remote_session_is_filed_in_its_compartment(team, who, with_whom, compartment):
    session = services.record_remote_session(
        actor=getattr(team, who), access=team.access(who), with_whom=with_whom, **session_values()
    )
    assert (session.entry.kind, session.entry.compartment) == (
        EntryKind.REMOTE_SESSION,
        compartment,
    )
    assert session.worker == getattr(team, who)
    event = AuditEvent.objects.get(action="remote_session.add")
    assert "end_signal" in event.fields
    assert "weather" not in str(event.fields)


@pytest.mark.parametrize(
    ("who", "with_whom"), [("pp", "woman"), ("pp", "child"), ("police", "man")]
)
def test_a_side_cannot_record_a_session_it_could_not_read_back(team, who, with_whom):
    with pytest.raises(ValueError, match="cannot record a session"):
        services.record_remote_session(
            actor=getattr(team, who),
            access=team.access(who),
            with_whom=with_whom,
            **session_values(),
        )


@pytest.mark.parametrize("missing", ["person_alone_and_safe", "device_safe", "end_signal"])
def test_a_held_session_needs_the_whole_safety_check(team, missing):
    values = session_values(**{missing: "" if missing == "end_signal" else False})
    with pytest.raises(services.SafetyCheckIncompleteError):
        services.record_remote_session(
            actor=team.vss, access=team.access("vss"), with_whom="woman", **values
        )
    with named_scope("test"):
        assert not TimelineEntry.objects.filter(kind=EntryKind.REMOTE_SESSION).exists()


def test_a_session_not_held_is_recorded_without_the_safety_check(team):
    session = services.record_remote_session(
        actor=team.vss,
        access=team.access("vss"),
        with_whom="woman",
        **session_values(
            outcome="not_held",
            person_alone_and_safe=False,
            device_safe=False,
            end_signal="",
            stop_reason="He was at home.",
        ),
    )
    assert not session.safety_check_complete


def test_the_migration_moves_her_old_alerts_to_the_victim_side(team):
    """Alerts written before "No hints": her episode's (joint, no author, no title) moves to
    the victim side; another source's keeps its compartment and gets its author's side."""
    import importlib

    from django.apps import apps

    from asap.cases.services import record_timeline

    migration = importlib.import_module(
        "asap.episodes.migrations.0002_episode_alerts_follow_their_episode"
    )
    hers = record_timeline(
        case=team.case,
        kind=EntryKind.EPISODE_ALERT,
        compartment=Compartment.JOINT,
        actor=None,
        organisation_id=None,
    )
    his = record_timeline(
        case=team.case,
        kind=EntryKind.EPISODE_ALERT,
        compartment=Compartment.JOINT,
        actor=team.pp,
        organisation_id=team.access("pp").organisation_id,
        title="Reported by the perpetrator",
    )
    with named_scope("test"):
        migration.alerts_follow_their_episode(apps, None)
        moved = {
            e.pk: (e.compartment, e.recorded_side)
            for e in TimelineEntry.objects.filter(pk__in=[hers.pk, his.pk])
        }
    assert moved == {
        hers.pk: (Compartment.VICTIM, "victim"),
        his.pk: (Compartment.JOINT, "perpetrator"),
    }
