"""Which part of the curriculum teaches each protocol tool: the "What the protocol says"
panel on the tool's pages (`{% protocol_panel "<tool>" %}`, templatetags/protocol_panels.py).

A tool is named by the key of its instrument definition, or by one of the other tools' keys
below. Each tool names (module key, topic title) of the reference curriculum, as the source
(D3.4, the A.S.A.P. 2.0 capacity-building programme) teaches it; a test checks that every
pair exists in the curriculum.
"""

from dataclasses import dataclass

from asap.training import curriculum
from asap.training.curriculum import Module, Topic

COORDINATED_RESPONSE = (
    "asap-protocol",
    "Cooperation between PP and VSS in coordinated response to violence",
)

TAUGHT_IN: dict[str, tuple[tuple[str, str], ...]] = {
    # Module 6, Topic 2: "Joint risk assessment with Risk Assessment Checklist ... Section A:
    # risks for the woman"; Module 2, Topic 3: "the risk assessment checklist (Section B:
    # risks for the children)".
    "risk-checklist": (COORDINATED_RESPONSE, ("child-protection", "Risk assessment for children")),
    # Module 3, Topic 2: the ASAP protocol identification steps; connection, information, access.
    "digital-violence": (
        ("digital-violence", "Cooperation between PP and VSS against digital violence"),
    ),
    # Module 3, Topic 3: "IT safety planning".
    "it-safety-plan": (("digital-violence", "IT safety planning"),),
    # Module 6, Topic 2: "Assessment of individual change ... IMPACT questionnaires to both
    # the perpetrator and the victim ... T0 ... T4".
    "outcome-perpetrator": (COORDINATED_RESPONSE,),
    "outcome-victim": (COORDINATED_RESPONSE,),
    # Module 6, Topic 3: "A Questionnaire for assessment of change in organizational behavior".
    "organisational-behaviour": (
        ("asap-protocol", "Strengthening and expanding Multi agency cooperation"),
    ),
    # Module 6, Topic 2: "Joint Action plan".
    "action-plan": (COORDINATED_RESPONSE,),
    # Module 6, Topic 1: the protocol's phases of cooperation and its "meetings timeline".
    "meetings": (("asap-protocol", "ASAP 2.0 Protocol - elaboration and concept"),),
    # Module 1, Topic 3: Phase 1, the meeting between the full teams of the services.
    "team-meetings": (("gender-based-violence", "ASAP Protocol"),),
    # Module 5, Topic 3: organisations level and case level agreements.
    "agreements": (("multi-agency-cooperation", "Multi-agency standard agreement"),),
}


@dataclass(frozen=True)
class Teaching:
    """A topic of the curriculum that teaches a tool, with its place in its module."""

    module: Module
    topic: Topic
    topic_number: int


def teachings_of(tool: str) -> list[Teaching]:
    """The curriculum's topics that teach `tool` (none for a tool the table does not name,
    such as an organisation's own instrument)."""
    reference = curriculum.reference()
    teachings = []
    for module_key, topic_title in TAUGHT_IN.get(tool, ()):
        module = reference.module(module_key)
        number, topic = next(
            (n, t) for n, t in enumerate(module.topics, start=1) if t.title == topic_title
        )
        teachings.append(Teaching(module=module, topic=topic, topic_number=number))
    return teachings
