"""The meetings timeline as data: the meeting types of the protocol, each with its purpose
and agenda, and the steps of multi-agency cooperation at a distance that every meeting
follows.

A timeline is a versioned YAML file in `definitions/` (the format is the shipped
`meetings-timeline-v1.yaml`). Loading validates it and refuses a bad file with the file, the
place and the reason, in the style of the instrument definitions. A meeting keeps the version
it was scheduled with, so an old meeting reads the same after a new version ships.
"""

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from asap.core.content import MEETINGS_TIMELINE, content_text
from asap.instruments.definition import KEY, DefinitionError, Text

LEVELS = ("organisation", "case")
TIME_POINTS = ("T0", "T1", "T2", "T3", "T4")
TRIGGERS = ("risk_alert", "episode_alert")  # the timeline entry kinds that propose a meeting
STEP_KEYS = (
    "invitation",
    "coordination",
    "facilitation",
    "risk_assessment",
    "action_plan",
    "minutes",
)
SHIPPED = Path(__file__).parent / "definitions"


@dataclass(frozen=True)
class Step:
    key: str
    title: Text

    def label(self, language: str | None = None) -> str:
        return content_text(self.title, MEETINGS_TIMELINE, language)


@dataclass(frozen=True)
class MeetingType:
    key: str
    level: str
    title: Text
    purpose: Text
    agenda: tuple[Text, ...]
    aligned_with: str = ""
    triggers: tuple[str, ...] = ()

    def label(self, language: str | None = None) -> str:
        return content_text(self.title, MEETINGS_TIMELINE, language)

    def purpose_text(self, language: str | None = None) -> str:
        return content_text(self.purpose, MEETINGS_TIMELINE, language)

    def agenda_texts(self, language: str | None = None) -> list[str]:
        return [content_text(point, MEETINGS_TIMELINE, language) for point in self.agenda]


@dataclass(frozen=True)
class Timeline:
    key: str
    version: int
    title: Text
    steps: tuple[Step, ...]
    meeting_types: tuple[MeetingType, ...]
    source: str = ""

    def label(self, language: str | None = None) -> str:
        return content_text(self.title, MEETINGS_TIMELINE, language)

    def type(self, key: str) -> MeetingType:
        """The meeting type `key`; KeyError if this version has none."""
        for meeting_type in self.meeting_types:
            if meeting_type.key == key:
                return meeting_type
        raise KeyError(key)

    def types_for(self, level: str) -> list[MeetingType]:
        return [t for t in self.meeting_types if t.level == level]

    def triggered_by(self, kind: str) -> MeetingType | None:
        return next((t for t in self.meeting_types if kind in t.triggers), None)


class _Reader:
    """Reads one timeline, raising DefinitionError at the first problem."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, reason: str) -> DefinitionError:
        return DefinitionError(self.source, where, reason)

    def text(self, value: Any, where: str) -> Text:
        if isinstance(value, str) and value.strip():
            return {"en": value}
        if isinstance(value, dict) and isinstance(value.get("en"), str) and value["en"].strip():
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
                raise self.fail(where, "every translation must be text, keyed by language code")
            return dict(value)
        raise self.fail(where, "needs a text, or translations with at least English (en)")

    def key(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not KEY.match(value):
            raise self.fail(where, f"key {value!r} must be letters, digits, '-', '_' or '.'")
        return value

    def mapping(self, data: Any, allowed: set[str], required: tuple[str, ...], where: str) -> None:
        if not isinstance(data, dict):
            raise self.fail(where, "must be a mapping (key: value pairs)")
        extra = sorted(set(data) - allowed)
        if extra:
            raise self.fail(where, f"unknown field(s): {', '.join(extra)}")
        for name in required:
            if name not in data:
                raise self.fail(where, f"'{name}' is missing")

    def timeline(self, data: Any) -> Timeline:
        fields = {"key", "version", "title", "description", "steps", "meetings"}
        self.mapping(data, fields, ("key", "version", "title", "steps", "meetings"), "timeline")
        version = data["version"]
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise self.fail("version", "must be a whole number from 1")
        steps = self.steps(data["steps"])
        meetings_data = data["meetings"]
        if not isinstance(meetings_data, list) or not meetings_data:
            raise self.fail("meetings", "needs at least one meeting type")
        types, keys = [], set()
        for index, item in enumerate(meetings_data, 1):
            meeting_type = self.meeting_type(item, index)
            if meeting_type.key in keys:
                raise self.fail(f"meeting {meeting_type.key}", "the key is used twice")
            keys.add(meeting_type.key)
            types.append(meeting_type)
        return Timeline(
            key=self.key(data["key"], "key"),
            version=version,
            title=self.text(data["title"], "title"),
            steps=steps,
            meeting_types=tuple(types),
            source=self.source,
        )

    def steps(self, data: Any) -> tuple[Step, ...]:
        # The steps are the source's, word for word and in its order: a file may translate
        # their titles but not add, drop or reorder them.
        if not isinstance(data, list) or not all(isinstance(step, dict) for step in data):
            raise self.fail("steps", "must be a list of steps, each with a key and a title")
        keys = tuple(step.get("key") for step in data)
        if keys != STEP_KEYS:
            raise self.fail("steps", f"must be the six steps in order: {', '.join(STEP_KEYS)}")
        return tuple(
            Step(key=step["key"], title=self.text(step.get("title"), f"step {step['key']}"))
            for step in data
        )

    def meeting_type(self, data: Any, index: int) -> MeetingType:
        where = f"meeting {index}"
        allowed = {"key", "level", "title", "purpose", "agenda", "aligned_with", "triggers"}
        self.mapping(data, allowed, ("key", "level", "title", "purpose", "agenda"), where)
        key = self.key(data["key"], where)
        where = f"meeting {key}"
        if data["level"] not in LEVELS:
            raise self.fail(where, f"level must be one of {', '.join(LEVELS)}")
        agenda = data["agenda"]
        if not isinstance(agenda, list) or not agenda:
            raise self.fail(where, "the agenda needs at least one point")
        aligned_with = str(data.get("aligned_with", ""))
        if aligned_with and aligned_with not in TIME_POINTS:
            raise self.fail(where, f"aligned_with must be one of {', '.join(TIME_POINTS)}")
        triggers = data.get("triggers") or []
        if not isinstance(triggers, list) or any(t not in TRIGGERS for t in triggers):
            raise self.fail(where, f"triggers must be a list of {', '.join(TRIGGERS)}")
        if (aligned_with or triggers) and data["level"] != "case":
            raise self.fail(where, "only a case meeting follows time points or triggers")
        return MeetingType(
            key=key,
            level=data["level"],
            title=self.text(data["title"], f"{where}, title"),
            purpose=self.text(data["purpose"], f"{where}, purpose"),
            agenda=tuple(
                self.text(point, f"{where}, agenda point {n}") for n, point in enumerate(agenda, 1)
            ),
            aligned_with=aligned_with,
            triggers=tuple(triggers),
        )


def load_timeline(text: str, source: str) -> Timeline:
    """Parse and validate one YAML timeline; DefinitionError says where and why."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "file"
        raise DefinitionError(source, where, "is not valid YAML") from None
    return _Reader(source).timeline(data)


@functools.cache
def shipped() -> dict[int, Timeline]:
    """Every shipped timeline by version, validated (a bad file stops here, naming itself)."""
    found = {}
    for path in sorted(SHIPPED.glob("meetings-timeline-v*.yaml")):
        timeline = load_timeline(path.read_text(encoding="utf-8"), path.name)
        found[timeline.version] = timeline
    return found


def current() -> Timeline:
    """The newest timeline: new meetings are scheduled with it."""
    versions = shipped()
    return versions[max(versions)]


def get(version: int) -> Timeline:
    """The timeline version a meeting was scheduled with."""
    return shipped()[version]
