"""The instrument definitions an organisation uses, as its instruments page lists them
(`asap.instruments.views.organisation`): each with its sections and items."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema

from asap.core.roles import CASE_ROLES
from asap.instruments import registry
from asap.instruments.definition import Definition, text_in

router = Router()


class OptionOut(Schema):
    key: str
    text: str


class ItemOut(Schema):
    key: str
    text: str
    type: str
    tier: str
    compartment: str
    options: list[OptionOut]
    minimum: float | None
    maximum: float | None


class SectionOut(Schema):
    key: str
    title: str
    per_child: bool
    scored: bool
    items: list[ItemOut]


class DefinitionOut(Schema):
    key: str
    version: int
    title: str
    respondent: str
    own_upload: bool
    default_set: bool
    levels: list[str]
    sections: list[SectionOut]


def _definition_out(definition: Definition, owner_id: int | None) -> dict[str, Any]:
    return {
        "key": definition.key,
        "version": definition.version,
        "title": definition.label(),
        "respondent": definition.respondent,
        "own_upload": owner_id is not None,
        "default_set": definition.default_set,
        "levels": list(definition.levels),
        "sections": [
            {
                "key": section.key,
                "title": text_in(section.title),
                "per_child": section.per_child,
                "scored": section.is_scored,
                "items": [
                    {
                        "key": item.key,
                        "text": item.label(),
                        "type": item.type,
                        "tier": item.tier,
                        "compartment": item.compartment,
                        "options": [{"key": o.key, "text": text_in(o.text)} for o in item.options],
                        "minimum": item.minimum,
                        "maximum": item.maximum,
                    }
                    for item in section.items
                ],
            }
            for section in definition.sections
        ],
    }


@router.get("/instruments", response=list[DefinitionOut], url_name="instrument_list")
def instrument_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The instruments the token's organisation uses (its own uploads replace shipped ones by
    key), each with its sections and items; for tokens in a case role (403 otherwise)."""
    token = request.api_token  # type: ignore[attr-defined]
    if token.role not in CASE_ROLES:
        raise PermissionDenied("Instruments are for the roles that work on cases.")
    available = registry.available(token.organisation_id)
    return [
        _definition_out(entry.definition, entry.owner_id)
        for entry in sorted(available.values(), key=lambda a: a.definition.key)
    ]
