"""Setting the world's open joint risk checklist aside, for the tests that start a new one:
a joint instrument has one open administration per case at a time."""

from asap.core.scopes import named_scope
from asap.instruments.models import Administration


def set_aside_open_checklist(world, status: str = "withdrawn") -> None:
    """The world's checklist (answered by both sides, still open) is withdrawn (or marked
    completed, `status`, to keep it on the lists), as if the sides had moved on: a new one
    may be started."""
    with named_scope("test"):
        Administration.objects.filter(pk=world.ids["risk"]).update(status=status)
