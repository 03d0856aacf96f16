"""The curriculum beside a trainer's agenda (training/_agenda_curriculum.html): each session's
module from the event's copy, completed from the shipped curriculum it was made from."""

from typing import Any

from django import template

from asap.training import curriculum

register = template.Library()


@register.simple_tag
def agenda_curriculum(event: Any, agenda: list[Any]) -> dict[str, Any]:
    """The programme (the event's shipped curriculum) and each agenda item's module, once
    per module in the agenda's order."""
    shipped = curriculum.of_version(event.curriculum_key, event.curriculum_version)
    modules, seen = [], set()
    for item in agenda:
        key = item.module["key"]
        if key not in seen:
            seen.add(key)
            modules.append(
                curriculum.event_module(item.module, event.curriculum_key, event.curriculum_version)
            )
    return {"programme": shipped, "modules": modules}
