"""The answer page's parts: each section's rows (a section answered per child once per
child), the titles of the levels (a child named by its label), and answers in words."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from asap.instruments import queries
from asap.instruments.definition import text_in
from asap.instruments.enums import Source
from asap.instruments.forms import field_name

SOURCE_LABELS = dict(Source.choices)


def child_labels(case_access: Any) -> dict[int, str]:
    """child id → its label ("Child 1"), in the order the children were recorded: how
    every side names a child here (never by name). One query, of ids and numbers only."""
    return {child.pk: child.label for child in queries.children(case_access)}


def answered_for(definition: Any, answers: dict, children: list[int]) -> list[int | None]:
    """Whom a section answered per child is answered for: each child of the case, and
    "all the children" while answers given for them together stand (or the case has no
    child recorded)."""
    per_child = {
        i.key for section in definition.sections if section.per_child for i in section.items
    }
    together = any(item in per_child for item in answers.get(None, {}))
    return [*children, *([None] if together or not children else [])]


def unit_title(definition: Any, unit: tuple[str, int | None], labels: dict[int, str]) -> str:
    """A section's title, with the child for a section answered per child."""
    key, child = unit
    section = next((s for s in definition.sections if s.key == key), None)
    title = text_in(section.title) if section else key
    if child is not None:
        return f"{title} — {labels.get(child, _('a child no longer on the case'))}"
    if section is not None and section.per_child and labels:
        return f"{title} — {_('all the children')}"
    return title


def ordered_results(definition: Any, administration: Any) -> list[tuple[Any, Any]]:
    """The agreed levels of an administration (prefetched), by section, then child."""
    order = [section.key for section in definition.sections]
    results = [((r.section, r.child_id), r) for r in administration.results.all()]
    return sorted(
        results,
        key=lambda pair: (
            order.index(pair[0][0]) if pair[0][0] in order else len(order),
            pair[0][1] or 0,
        ),
    )


def section_rows(
    definition: Any,
    answers: dict,
    source: str,
    form: Any,
    children: list[int | None],
    labels: dict[int, str],
) -> list[dict[str, Any]]:
    """Each section's items with this side's field and the other sources' answers; an item
    where the sources differ is marked. A section answered per child comes once per child."""
    sections = []
    for section in definition.sections:
        for child in children if section.per_child else [None]:
            rows = []
            for item in section.items:
                name = field_name(item, child)
                if name not in form.fields:
                    continue  # not the viewer's side to read
                given = answers.get(child, {}).get(item.key, {})
                others = [
                    (SOURCE_LABELS[s], shown(item, v)) for s, v in given.items() if s != source
                ]
                rows.append(
                    {
                        "item": item,
                        "anchor": f"q-{item.key}" if child is None else f"q-{item.key}-c{child}",
                        "mine": shown(item, given[source]) if source in given else "",
                        "field": form[name],
                        "others": others,
                        "differs": len({repr(v) for v in given.values()}) > 1,
                        "tier": section.tier_title(item.tier),
                    }
                )
            if rows:
                title = unit_title(definition, (section.key, child), labels)
                sections.append({"section": section, "title": title, "rows": rows})
    return sections


def shown(item: Any, value: Any) -> str:
    if item.type == "yes_no_unknown":
        return str({"yes": _("Yes"), "no": _("No"), "unknown": _("Don't know")}.get(value, value))
    if item.type in ("single", "multiple"):
        chosen = value if isinstance(value, list) else [value]
        return ", ".join(text_in(o.text) for o in item.options if o.key in chosen)
    return str(value)
