"""The reference curriculum (a versioned YAML file shipped in the package) and the copy of
its modules an event keeps, which its trainers may adapt without touching the reference.

The texts are the source's, in English; the pages show the platform's translation of them
(gettext, context "curriculum": asap.core.content), and a trainer's adapted copy may be written
in the event's language.
"""

import functools
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from asap.core.content import CURRICULUM, content_text

FOLDER = Path(__file__).parent / "curriculum"
CURRENT = "asap2-curriculum-v1.yaml"
GOALS = ("awareness", "knowledge", "skills")


@dataclass(frozen=True)
class Topic:
    title: str
    method: str
    description: str
    minutes: int
    key_messages: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    materials_note: str = ""


@dataclass(frozen=True)
class Module:
    key: str
    number: int
    title: str
    goals: dict[str, str]
    participant_profile: tuple[str, ...]
    minutes_in_person: int
    minutes_online: int
    expected_results: tuple[str, ...]
    topics: tuple[Topic, ...]

    @property
    def minutes(self) -> int:
        return sum(topic.minutes for topic in self.topics)

    def as_data(self) -> dict[str, Any]:
        """The module as plain data (an event's copy is stored like this)."""
        return asdict(self)


@dataclass(frozen=True)
class Curriculum:
    key: str
    version: int
    title: str
    subtitle: str
    target_groups: tuple[str, ...]
    modules: tuple[Module, ...] = field(default_factory=tuple)

    def module(self, key: str) -> Module:
        return next(module for module in self.modules if module.key == key)

    def choices(self) -> list[tuple[str, str]]:
        return [(m.key, f"{m.number}. {content_text(m.title, CURRICULUM)}") for m in self.modules]


def module_from(data: dict[str, Any]) -> Module:
    """A module from plain data (the YAML file's, or an event's adapted copy)."""
    return Module(
        key=data["key"],
        number=int(data["number"]),
        title=data["title"],
        goals=dict(data["goals"]),
        participant_profile=tuple(data["participant_profile"]),
        minutes_in_person=int(data["minutes_in_person"]),
        minutes_online=int(data["minutes_online"]),
        expected_results=tuple(data["expected_results"]),
        topics=tuple(
            Topic(
                title=t["title"],
                method=t["method"],
                description=t["description"],
                minutes=int(t["minutes"]),
                key_messages=tuple(t.get("key_messages") or ()),
                materials=tuple(t.get("materials") or ()),
                materials_note=t.get("materials_note") or "",
            )
            for t in data["topics"]
        ),
    )


def parse(text: str) -> Curriculum:
    """Read a curriculum file; every module's topic minutes must add up to its length."""
    data = yaml.safe_load(text)
    modules = tuple(module_from(m) for m in data["modules"])
    for module in modules:
        if module.minutes != module.minutes_in_person:
            raise ValueError(f"module {module.key}: topics add up to {module.minutes} minutes")
        if set(module.goals) != set(GOALS):
            raise ValueError(f"module {module.key}: goals must be {', '.join(GOALS)}")
    return Curriculum(
        key=data["key"],
        version=int(data["version"]),
        title=data["title"],
        subtitle=data["subtitle"],
        target_groups=tuple(data["target_groups"]),
        modules=modules,
    )


@functools.cache
def reference(name: str = CURRENT) -> Curriculum:
    """The shipped reference curriculum (read once)."""
    return parse((FOLDER / name).read_text(encoding="utf-8"))
