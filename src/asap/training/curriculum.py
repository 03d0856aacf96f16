"""The reference curriculum (a versioned YAML file shipped in the package) and the copy of
its modules an event keeps, which its trainers may adapt without touching the reference.

The texts are the source's, in English; the pages show the platform's translation of them
(gettext, context "curriculum": asap.core.content), and a trainer's adapted copy may be written
in the event's language.
"""

import functools
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from asap.core.content import CURRICULUM, content_text

FOLDER = Path(__file__).parent / "curriculum"
CURRENT = "asap2-curriculum-v1.yaml"
GOALS = ("awareness", "knowledge", "skills")


@dataclass(frozen=True)
class Part:
    """One more list of a topic's pages in the module's own pages (its heading, lead-in
    paragraphs and points; each may be empty), e.g. Module 3's "Conditions for effective
    collaboration between PP and VSS ..."."""

    heading: str = ""
    text: tuple[str, ...] = ()
    points: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    title: str
    method: str  # the training-structure table's
    description: str
    minutes: int
    key_messages: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    materials_note: str = ""
    key_messages_lead: str = ""  # the heading or lead-in of its key messages, if the source has one
    parts: tuple[Part, ...] = ()
    methods: tuple[str, ...] = ()  # the "Method:" lines (and their activity) of its pages


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
    resources: tuple[str, ...] = ()  # the module's "Resources" list (addresses)

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
    goals: tuple[str, ...] = ()  # the programme's, beside each module's own goals
    outcomes: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()

    def module(self, key: str) -> Module:
        return next(module for module in self.modules if module.key == key)

    @property
    def theme_modules(self) -> list[tuple[str, Module | None]]:
        """Each theme of the programme with the module of that title (None if none has it)."""
        titled = {m.title: m for m in self.modules}
        return [(theme, titled.get(theme)) for theme in self.themes]

    def choices(self) -> list[tuple[str, str]]:
        return [(m.key, f"{m.number}. {content_text(m.title, CURRICULUM)}") for m in self.modules]


def _tuple(data: dict[str, Any], name: str) -> tuple[str, ...]:
    return tuple(data.get(name) or ())


def _part(data: dict[str, Any]) -> Part:
    return Part(
        heading=data.get("heading") or "", text=_tuple(data, "text"), points=_tuple(data, "points")
    )


def module_from(data: dict[str, Any]) -> Module:
    """A module from plain data (the YAML file's, or an event's adapted copy). A copy taken
    before a field existed (resources, parts, methods, the key messages' lead) loads with the
    field empty."""
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
                key_messages=_tuple(t, "key_messages"),
                materials=_tuple(t, "materials"),
                materials_note=t.get("materials_note") or "",
                key_messages_lead=t.get("key_messages_lead") or "",
                parts=tuple(_part(p) for p in t.get("parts") or ()),
                methods=_tuple(t, "methods"),
            )
            for t in data["topics"]
        ),
        resources=_tuple(data, "resources"),
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
        goals=_tuple(data, "goals"),
        outcomes=_tuple(data, "outcomes"),
        themes=_tuple(data, "themes"),
    )


@functools.cache
def reference(name: str = CURRENT) -> Curriculum:
    """The shipped reference curriculum (read once)."""
    return parse((FOLDER / name).read_text(encoding="utf-8"))


def of_version(key: str, version: int) -> Curriculum | None:
    """The shipped curriculum an event was made from (None if it is not shipped)."""
    name = f"{key}-v{int(version)}.yaml"
    return reference(name) if (FOLDER / name).is_file() else None


def event_module(data: dict[str, Any], key: str, version: int) -> Module:
    """An event's copy of a module, completed from the shipped curriculum it was made from
    (`key`, `version`) where the copy predates a field: its resources and each topic's key
    messages, their lead, parts and methods, which trainers do not adapt (their titles,
    methods, descriptions and minutes stay the copy's)."""
    module = module_from(data)
    shipped = of_version(key, version)
    source = next((m for m in shipped.modules if m.key == module.key), None) if shipped else None
    if source is None or len(source.topics) != len(module.topics):
        return module
    topics = tuple(
        topic
        if "methods" in raw
        else replace(
            topic,
            key_messages=old.key_messages,
            key_messages_lead=old.key_messages_lead,
            parts=old.parts,
            methods=old.methods,
        )
        for topic, raw, old in zip(module.topics, data["topics"], source.topics, strict=True)
    )
    resources = module.resources if "resources" in data else source.resources
    return replace(module, topics=topics, resources=resources)
