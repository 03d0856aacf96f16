"""Rules of the attachments app that forms and services both apply."""

from typing import Any

from asap.cases.enums import Compartment, EntryKind

# The records a file may be attached to (besides the case itself).
ATTACHABLE = frozenset({EntryKind.NOTE, EntryKind.EPISODE, EntryKind.REMOTE_SESSION})


def may_attach_to(record: Any) -> bool:
    return record.kind in ATTACHABLE


def compartments_for(access: Any, record: Any = None) -> list[str]:
    """The compartments a member files an attachment under: those their side writes; for
    a file attached to a record that is not joint, none wider than the record's own (its
    compartment, or protected)."""
    writable = access.writable_compartments() if access.is_member else []
    if record is None or record.compartment == Compartment.JOINT:
        return writable
    narrow = {record.compartment, Compartment.PROTECTED}
    return [c for c in writable if c in narrow]
