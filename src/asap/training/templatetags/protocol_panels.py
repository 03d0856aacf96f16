"""The "What the protocol says" panel on a protocol tool's page: `{% protocol_panel "<tool>" %}`
(the tools and what teaches them: asap.training.protocol_panels)."""

from typing import Any

from django import template

from asap.training.protocol_panels import teachings_of

register = template.Library()


@register.inclusion_tag("training/_protocol_panel.html", takes_context=True)
def protocol_panel(context: Any, tool: str) -> dict[str, Any]:
    """The curriculum's modules and topics that teach `tool`, their key messages and a link
    to the module; nothing for a tool the curriculum does not teach."""
    # The request goes along so that `{% content %}` marks the translated texts.
    return {"teachings": teachings_of(tool), "request": context.get("request")}
