"""The meetings timeline is data: the shipped file loads, in the source's words, and a bad
file is refused with the place and the reason."""

import pytest

from asap.instruments.definition import DefinitionError
from asap.meetings import timeline

GOOD = """
key: meetings-timeline
version: 2
title: Test timeline
steps:
  - {key: invitation, title: Invitation}
  - {key: coordination, title: Coordination}
  - {key: facilitation, title: Facilitation}
  - {key: risk_assessment, title: Risk Assessment}
  - {key: action_plan, title: Action plan}
  - {key: minutes, title: Minutes}
meetings:
  - key: phase1_team
    level: organisation
    title: Phase 1 team meeting
    purpose: Common ground
    agenda: [Train both teams on the use of this protocol]
  - key: extraordinary
    level: case
    title: Extraordinary meeting
    triggers: [risk_alert]
    purpose: When the risk rises
    agenda: [Re-assessment]
"""


def test_the_shipped_timeline_has_the_protocols_meetings_and_steps():
    current = timeline.current()
    assert current.version == 1
    assert [t.key for t in current.meeting_types] == [
        "phase1_team",
        "initial_assessment",
        "periodic_review",
        "closing",
        "follow_up",
        "extraordinary",
    ]
    assert [s.label() for s in current.steps] == [
        "Invitation",
        "Coordination",
        "Facilitation",
        "Risk Assessment",
        "Action plan",
        "Minutes",
    ]
    phase1 = current.type("phase1_team")
    assert phase1.level == "organisation"
    assert phase1.purpose_text().startswith(
        "Meeting between the full teams of the services/agencies involved, in order to "
        "establish a mutual language"
    )
    assert "Train both teams on the use of this protocol" in phase1.agenda_texts()
    assert current.type("periodic_review").aligned_with == "T2"
    assert current.type("extraordinary").triggers == ("risk_alert", "episode_alert")
    assert current.triggered_by("episode_alert").key == "extraordinary"
    assert [t.key for t in current.types_for("organisation")] == ["phase1_team"]


def test_a_good_file_loads():
    loaded = timeline.load_timeline(GOOD, "good.yaml")
    assert (loaded.key, loaded.version) == ("meetings-timeline", 2)
    assert loaded.type("extraordinary").triggers == ("risk_alert",)


@pytest.mark.parametrize(
    ("change", "where", "reason"),
    [
        (("version: 2", "version: 0"), "version", "must be a whole number from 1"),
        (
            ("key: invitation, title: Invitation", "key: coordination, title: Invitation"),
            "steps",
            "must be the six steps in order",
        ),
        (("level: organisation", "level: national"), "meeting phase1_team", "level must be"),
        (("triggers: [risk_alert]", "triggers: [rain]"), "meeting extraordinary", "triggers"),
        (
            ("purpose: Common ground", "purpose: Common ground\n    triggers: [risk_alert]"),
            "meeting phase1_team",
            "only a case meeting follows time points or triggers",
        ),
        (("key: extraordinary", "key: phase1_team"), "meeting phase1_team", "used twice"),
        (("agenda: [Re-assessment]", "agenda: []"), "meeting extraordinary", "at least one"),
        (("title: Test timeline", "title: Test\ncolour: red"), "timeline", "unknown field"),
        (("title: Test timeline", "title: [unclosed"), "line", "is not valid YAML"),
    ],
)
def test_a_bad_file_is_refused_with_where_and_why(change, where, reason):
    bad = GOOD.replace(*change)
    assert bad != GOOD
    with pytest.raises(DefinitionError) as refused:
        timeline.load_timeline(bad, "bad.yaml")
    assert refused.value.source == "bad.yaml"
    assert refused.value.where.startswith(where)
    assert reason in refused.value.reason
