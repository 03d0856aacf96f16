"""Where definitions come from: the files shipped with the platform, and organisations'
uploads. An organisation's upload with a shipped key replaces that instrument for it."""

import functools
from dataclasses import dataclass
from pathlib import Path

from asap.instruments.definition import Definition, load_definition

SHIPPED = Path(__file__).parent / "definitions"


@functools.cache
def shipped() -> dict[tuple[str, int], Definition]:
    """Every shipped definition, validated (a bad file stops here, naming itself)."""
    found = {}
    for path in sorted(SHIPPED.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        definition = load_definition(text, path.name, trusted=True)  # ours: anchors allowed
        found[definition.key, definition.version] = definition
    return found


@dataclass(frozen=True)
class Available:
    """A definition an organisation can use, and whose it is (None: shipped)."""

    definition: Definition
    owner_id: int | None


@functools.lru_cache(maxsize=256)
def _uploaded(pk: int, source: str, file_name: str) -> Definition:
    # Accepted when it was uploaded, perhaps before today's limits: read as trusted, so that a
    # stored definition keeps loading; every new upload is checked (services.upload_definition).
    return load_definition(source, file_name, trusted=True)


def get(key: str, version: int, owner_id: int | None) -> Definition:
    """The exact definition an administration used."""
    if owner_id is None:
        return shipped()[key, version]
    from asap.instruments.models import UploadedDefinition

    row = UploadedDefinition.objects.get(organisation_id=owner_id, key=key, version=version)
    return _uploaded(row.pk, row.source, row.file_name)


def available(organisation_id: int | None) -> dict[str, Available]:
    """The newest definition per key for an organisation: its own uploads first."""
    from asap.instruments.models import UploadedDefinition

    result: dict[str, Available] = {}
    for (key, _version), definition in sorted(shipped().items()):
        result[key] = Available(definition, None)
    if organisation_id is not None:
        rows = UploadedDefinition.objects.filter(organisation_id=organisation_id).order_by(
            "key", "version"
        )
        for row in rows:
            result[row.key] = Available(
                _uploaded(row.pk, row.source, row.file_name), row.pk and organisation_id
            )
    return result
