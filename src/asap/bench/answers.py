"""Instrument answers for the seed: per instrument and side, a few variants of ten valid
answers (valid for the item's type, readable by the answering side), as the JSON text the
answer field stores (each case seals it under its own key)."""

import json
from typing import Any

from asap.cases.enums import OWN_COMPARTMENTS, Side
from asap.instruments import registry

VARIANTS = 8
ANSWERS_PER_SOURCE = 10


def _value(item: Any, n: int) -> Any:
    if item.type == "yes_no_unknown":
        return ["yes", "no", "yes", "unknown"][n % 4]
    if item.type == "single" and item.options:
        return item.options[n % len(item.options)].key
    if item.type == "multiple" and item.options:
        return [item.options[n % len(item.options)].key]
    if item.type == "scale":
        low, high = int(item.minimum or 0), int(item.maximum or 10)
        return low + n % (high - low + 1)
    return None


class Answers:
    """Per instrument and side, a few variants of ten answers: (item, compartment, JSON)."""

    def __init__(self) -> None:
        self.definitions = {key: d for (key, _version), d in registry.shipped().items()}
        self.sets: dict[tuple[str, str, int], list[tuple[str, str, str]]] = {}
        for key, definition in self.definitions.items():
            for side in (Side.PERPETRATOR, Side.VICTIM):
                readable = OWN_COMPARTMENTS[side]
                items = [i for i in definition.items if i.compartment in readable]
                for variant in range(VARIANTS):
                    rows = []
                    for offset in range(len(items)):
                        item = items[(variant * 3 + offset) % len(items)]
                        value = _value(item, variant + offset)
                        if value is None:
                            continue
                        rows.append((item.key, item.compartment, json.dumps(value)))
                        if len(rows) == ANSWERS_PER_SOURCE:
                            break
                    self.sets[key, side, variant] = rows
